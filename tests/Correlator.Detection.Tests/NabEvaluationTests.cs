using Correlator.Testing;

namespace Correlator.Detection.Tests;

public sealed class NabEvaluationTests
{
    private const int Rows = 100;

    private static NabCorpus Corpus(params NabDataFile[] files) => new(files, NabProfile.Published);

    private static NabFileResult Scores(NabDataFile file, params (int Row, double Score)[] scores)
    {
        var values = new double[file.RowCount];
        foreach (var (row, score) in scores)
        {
            values[row] = score;
        }

        return new NabFileResult(file, values);
    }

    [Fact]
    public void Score_OneFile_PicksTheThresholdThatCatchesTheWindowWithoutTheFalsePositive()
    {
        var file = NabFiles.Create(Rows, NabFiles.Window(40, 49));
        var corpus = Corpus(file);

        var standard = NabEvaluation.Score(corpus, [Scores(file, (40, 0.9), (20, 0.8), (45, 0.85))])[0];

        Assert.Equal(0.9, standard.Threshold);
        Assert.Equal(1.0, standard.RawScore, 12);
        Assert.Equal(-1.0, standard.NullScore, 12);
        Assert.Equal(1.0, standard.PerfectScore);
        Assert.Equal(100.0, standard.NormalizedScore, 9);
    }

    [Fact]
    public void Score_NothingWorthDetecting_ThresholdIsInfinityAndScoreIsTheNullScore()
    {
        var file = NabFiles.Create(Rows, NabFiles.Window(40, 49));

        var standard = NabEvaluation.Score(Corpus(file), [Scores(file, (20, 0.9), (30, 0.9))])[0];

        Assert.Equal(double.PositiveInfinity, standard.Threshold);
        Assert.Equal(0.0, standard.NormalizedScore, 12);
    }

    [Fact]
    public void Score_TwoFiles_OneThresholdForTheWholeCorpus()
    {
        // File a's window is worth catching at 0.7 even though that costs a false positive in b.
        var a = NabFiles.Create("x/a.csv", Rows, NabFiles.Window(40, 49));
        var b = NabFiles.Create("x/b.csv", Rows, NabFiles.Window(60, 69));
        var corpus = Corpus(a, b);

        var standard = NabEvaluation.Score(corpus, [Scores(a, (40, 0.7)), Scores(b, (60, 0.9), (20, 0.7))])[0];

        Assert.Equal(0.7, standard.Threshold);
        Assert.Equal(2.0 - 0.11, standard.RawScore, 12);
        Assert.Equal(standard.RawScore, standard.Files.Sum(f => f.RawScore), 12);
        Assert.Equal(["x/a.csv", "x/b.csv"], standard.Files.Select(f => f.RelativePath));
        Assert.Equal(1, standard.Files[1].FalsePositives);
    }

    [Fact]
    public void Evaluate_RoundingToFewDigits_TiesScoresThatDifferOnlyBeyondThem()
    {
        var file = NabFiles.Create(Rows, NabFiles.Window(40, 49));
        var corpus = Corpus(file);

        var report = NabEvaluation.Evaluate(corpus, () => new FixedScores([.. Enumerable.Range(0, Rows).Select(i => i == 40 ? 0.9999 : 0.99991)]), roundSignificantDigits: 3);

        Assert.All(report.Files[0].Scores, s => Assert.Equal(1.0, s));
        Assert.Equal("fixed", report.DetectorName);
    }

    [Fact]
    public void Load_NabLayout_ReadsFilesWindowsAndProfilesAndWritesResultFiles()
    {
        using var root = new TempDirectory("nab");
        Directory.CreateDirectory(root.Combine("data/cat"));
        Directory.CreateDirectory(root.Combine("labels"));
        Directory.CreateDirectory(root.Combine("config"));
        File.WriteAllLines(root.Combine("data/cat/s.csv"), ["timestamp,value", .. Enumerable.Range(0, 20).Select(i => $"2014-04-01 00:{i:00}:00,{i}.5")]);
        File.WriteAllText(root.Combine("labels/combined_windows.json"), """{ "cat/s.csv": [["2014-04-01 00:10:00.000000", "2014-04-01 00:12:00.000000"]] }""");
        File.WriteAllText(root.Combine("config/profiles.json"), """{ "standard": { "CostMatrix": { "tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0 } } }""");

        var corpus = NabCorpus.Load(root.Path);
        var report = NabEvaluation.Evaluate(corpus, () => new WindowedGaussianDetector());
        NabEvaluation.WriteResults(report, root.Combine("out"));

        var file = Assert.Single(corpus.Files);
        Assert.Equal("cat/s.csv", file.RelativePath);
        Assert.Equal([10, 11, 12], file.InsideWindow().Select((inside, i) => inside ? i : -1).Where(i => i >= 0));
        Assert.Equal(new NabProfile("standard", 1.0, 0.11, 1.0), Assert.Single(corpus.Profiles));
        var lines = File.ReadAllLines(root.Combine("out/cat/s.csv"));
        Assert.Equal("timestamp,value,anomaly_score,label", lines[0]);
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("2014-04-01 00:00:00,0.5,0,0", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1", lines[11], StringComparison.Ordinal);
        Assert.EndsWith(",1", lines[13], StringComparison.Ordinal);
        Assert.EndsWith(",0", lines[14], StringComparison.Ordinal);
    }

    private sealed class FixedScores(double[] scores) : IStreamingDetector
    {
        private int _next;

        public string Name => "fixed";

        public double Score(DateTimeOffset time, double value) => scores[_next++];
    }
}
