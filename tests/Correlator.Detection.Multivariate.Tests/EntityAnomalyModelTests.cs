namespace Correlator.Detection.Multivariate.Tests;

public sealed class EntityAnomalyModelTests
{
    private static readonly string[] Metrics = ["cpu", "load", "latency", "errors", "memory", "disk"];

    // Six metrics driven by two hidden factors plus a little noise: a rank-2 normal subspace.
    private static double[][] Normal(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ =>
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            double Noise() => 0.01 * (random.NextDouble() - 0.5);
            return new[] { a + Noise(), (2 * a) + Noise(), b + Noise(), (0.5 * b) + Noise(), a + b + Noise(), (a - b) + Noise() };
        })];
    }

    [Fact]
    public void Score_OneMetricBreaksTheCorrelation_AnomalyBlamedOnThatMetric()
    {
        var model = EntityAnomalyModel.Train(Metrics, Normal(500, seed: 1), new EntityModelOptions { Rank = 2 });
        var rows = Normal(50, seed: 2);
        rows[20][2] += 1.5;

        var scores = model.Score(rows);

        Assert.True(scores[20].IsAnomaly, $"score {scores[20].Score}, threshold {model.Threshold}");
        Assert.Equal("latency", scores[20].Contributions[0].Metric);
        Assert.True(scores[20].Contributions[0].Share > 0.5);
        Assert.Equal(1.0, scores[20].Contributions.Sum(c => c.Share), 9);
        Assert.True(scores.Count(s => s.IsAnomaly) <= 3, $"{scores.Count(s => s.IsAnomaly)} of 50 normal rows flagged");
    }

    [Fact]
    public void Load_AfterSave_GivesTheSameScoresAndBlame()
    {
        var model = EntityAnomalyModel.Train(Metrics, Normal(300, seed: 3), new EntityModelOptions { Rank = 2 });
        var rows = Normal(40, seed: 4);
        rows[5][0] -= 2.0;
        var directory = Path.Combine(Path.GetTempPath(), "correlator-pca-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(directory, "host-1");

            var loaded = EntityAnomalyModel.Load(directory, "host-1");

            var before = model.Score(rows);
            var after = loaded.Score(rows);
            Assert.Equal(model.Threshold, loaded.Threshold);
            Assert.Equal(Metrics, loaded.Metrics);
            Assert.Equal(before.Select(s => s.Score), after.Select(s => s.Score));
            Assert.Equal(before.Select(s => s.Contributions[0].Metric), after.Select(s => s.Contributions[0].Metric));
            Assert.True(after[5].IsAnomaly);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingModel_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => EntityAnomalyModel.Load(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N")));

        Assert.Contains("no-such-model-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RowWithNaN_ThrowsNamingRowAndMetric()
    {
        var model = EntityAnomalyModel.Train(Metrics, Normal(100, seed: 5), new EntityModelOptions { Rank = 2 });
        var rows = Normal(3, seed: 6);
        rows[1][4] = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => model.Score(rows));

        Assert.Equal("Row 1, metric 4: NaN is not a finite number.", error.Message);
    }

    [Fact]
    public void Train_RankNotBelowTheMetricCount_ThrowsNamingRank()
    {
        var error = Assert.Throws<ArgumentException>(() => EntityAnomalyModel.Train(Metrics, Normal(100, seed: 7), new EntityModelOptions { Rank = 6 }));

        Assert.StartsWith("Rank", error.Message, StringComparison.Ordinal);
    }
}
