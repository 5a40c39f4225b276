using Correlator.Prediction;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Prediction.Tests;

public sealed class AnticipationModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "correlator-prediction-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private static readonly TrainingSettings Settings = new() { Trees = 30, TargetPrecision = 0.8 };

    [Fact]
    public void Train_GeneratedData_RanksPositivesFirstOnHeldOutPart()
    {
        var result = AnticipationTrainer.Train(Generated.Samples(1200, 1), Settings, _clock, version: 1);
        using var model = result.Model;

        Assert.True(result.Card.Validation.Auc > 0.9, $"AUC {result.Card.Validation.Auc}");
        Assert.True(result.Card.TargetPrecisionMet);
        Assert.True(result.Card.Validation.Precision >= 0.8, $"precision {result.Card.Validation.Precision}");
        Assert.True(result.Card.ValidationFrom > result.Card.DataFrom);
        Assert.Equal(840, result.Card.TrainRows);
        Assert.All(result.Validation, s => Assert.True(s.At >= result.Card.ValidationFrom));
    }

    [Fact]
    public void SaveLoadScore_RoundTrip_GivesTheSameProbabilitiesAndExplanations()
    {
        var result = AnticipationTrainer.Train(Generated.Samples(900, 2), Settings, _clock, version: 1);
        using var trained = result.Model;
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "m.zip");

        trained.Save(path);
        using var loaded = AnticipationModel.Load(path, "model v1", result.Card.Threshold);

        foreach (var sample in result.Validation.Take(50))
        {
            var before = trained.Score(sample.Features);
            var after = loaded.Score(sample.Features);
            Assert.Equal(before.Probability, after.Probability, 6);
            Assert.Equal(before.Raised, after.Raised);
            Assert.Equal(before.Explanation.Select(c => c.Feature), after.Explanation.Select(c => c.Feature));
        }

        var positive = result.Validation.First(s => s.Label && loaded.Score(s.Features).Raised);
        var explanation = loaded.Score(positive.Features).Explanation;
        Assert.Contains(explanation.Take(3), c => c.Feature is "golden_signals" or "criticality_max");
    }

    [Fact]
    public void Consider_FirstModel_IsPromotedAndLoadedWithItsCard()
    {
        var registry = new ModelRegistry(_folder);
        var result = AnticipationTrainer.Train(Generated.Samples(900, 3), Settings, _clock, registry.NextVersion());
        using var model = result.Model;

        var decision = registry.Consider(result);
        var current = registry.LoadCurrent();

        Assert.True(decision.Promoted, decision.Reason);
        Assert.NotNull(current);
        using var loaded = current.Value.Model;
        Assert.Equal(1, current.Value.Card.Version);
        Assert.Equal(result.Card.Threshold, current.Value.Card.Threshold);
        Assert.Equal(result.Card.Validation, current.Value.Card.Validation);
        Assert.Equal(FeatureSchema.Names, current.Value.Card.Features);
        Assert.Equal(2, registry.NextVersion());
    }

    [Fact]
    public void Consider_WorseModel_IsNotPromoted()
    {
        var registry = new ModelRegistry(_folder);
        var good = AnticipationTrainer.Train(Generated.Samples(900, 4), Settings, _clock, registry.NextVersion());
        using (good.Model)
        {
            Assert.True(registry.Consider(good).Promoted);
        }

        // Same world, but the candidate's training part has random labels: it is worse on its (clean) held-out part.
        var worse = AnticipationTrainer.Train(Generated.Samples(900, 5, i => i < 630), Settings, _clock, registry.NextVersion());
        using var worseModel = worse.Model;

        var decision = registry.Consider(worse);

        Assert.False(decision.Promoted, decision.Reason);
        Assert.Equal(2, decision.Version);
        Assert.True(decision.CurrentAveragePrecision > decision.CandidateAveragePrecision);
        Assert.Equal(1, registry.CurrentVersion());
        Assert.True(File.Exists(registry.CardPath(2)));
    }

    [Fact]
    public void Consider_BetterModel_IsPromoted()
    {
        var registry = new ModelRegistry(_folder);
        var weak = AnticipationTrainer.Train(Generated.Samples(900, 6, i => i < 630), Settings, _clock, registry.NextVersion());
        using (weak.Model)
        {
            Assert.True(registry.Consider(weak).Promoted);
        }

        var better = AnticipationTrainer.Train(Generated.Samples(900, 7), Settings, _clock, registry.NextVersion());
        using var model = better.Model;

        Assert.True(registry.Consider(better).Promoted);
        Assert.Equal(2, registry.CurrentVersion());
    }

    [Fact]
    public void Train_IgnoredFeature_NeverAppearsInTheExplanationAndSurvivesTheRegistry()
    {
        var registry = new ModelRegistry(_folder);
        var settings = Settings with { IgnoredFeatures = ["golden_signals"] };
        var result = AnticipationTrainer.Train(Generated.Samples(900, 10), settings, _clock, registry.NextVersion());
        using (result.Model)
        {
            Assert.True(registry.Consider(result).Promoted);
        }

        var current = registry.LoadCurrent();
        Assert.NotNull(current);
        using var model = current.Value.Model;

        Assert.Equal(["golden_signals"], current.Value.Card.IgnoredFeatures);
        Assert.All(result.Validation.Take(30), s => Assert.DoesNotContain(model.Score(s.Features).Explanation, c => c.Feature == "golden_signals"));
    }

    [Fact]
    public void Settings_UnknownIgnoredFeature_IsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => (Settings with { IgnoredFeatures = ["moon_phase"] }).Validate());

        Assert.Contains("moon_phase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OneClassOnly_SaysSo()
    {
        var samples = Generated.Samples(100, 8).Select(s => new TrainingSample(s.At, s.ClusterId, s.Features, false)).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => AnticipationTrainer.Train(samples, Settings, _clock));

        Assert.Contains("both classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitByTime_NeverPutsTrainingAfterValidation()
    {
        var samples = Generated.Samples(100, 9).OrderBy(_ => Guid.NewGuid()).ToList();

        var (train, validation) = AnticipationTrainer.SplitByTime(samples, 0.3);

        Assert.Equal(70, train.Count);
        Assert.True(train.Max(s => s.At) < validation.Min(s => s.At));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
