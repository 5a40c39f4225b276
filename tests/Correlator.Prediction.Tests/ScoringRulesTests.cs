using Correlator.Prediction;

namespace Correlator.Prediction.Tests;

public sealed class ScoringRulesTests
{
    [Fact]
    public void ColdStart_KnownFeatures_GivesTheHandComputedProbability()
    {
        var f = new float[FeatureSchema.Count];
        f[FeatureSchema.GoldenSignals] = 2;
        f[FeatureSchema.CriticalityMax] = 1;
        f[FeatureSchema.Services] = 2;
        f[FeatureSchema.SimilarIncidentRate] = 0.5f;

        var score = new ColdStartRule().Score(f);

        double sum = -4.0 + 0.8 * 2 + 2.0 * 1 + 0.4 * 2; // = 0.4
        Assert.Equal(1 / (1 + Math.Exp(-sum)), score.Probability, 9);
        Assert.Equal("cold-start rule", score.Method);
        Assert.Equal("criticality_max", score.Explanation[0].Feature);
        Assert.False(score.Raised); // 0.60 < 0.7
    }

    [Fact]
    public void ColdStart_WrongLength_SaysWhatIsExpected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ColdStartRule().Score(new float[3]));

        Assert.Contains("Expected 27 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThresholdSelector_ReachableTarget_TakesTheLowestThresholdThatMeetsIt()
    {
        (double, bool)[] scored = [(0.9, true), (0.8, true), (0.7, true), (0.6, false), (0.5, true), (0.4, false), (0.3, false), (0.2, true)];

        var choice = ThresholdSelector.ForPrecision(scored, 0.8, minRaised: 2);

        Assert.Equal(0.5, choice.Threshold); // 4 of 5 raised are right
        Assert.Equal(0.8, choice.Precision, 9);
        Assert.Equal(0.8, choice.Recall, 9);
        Assert.True(choice.TargetMet);
    }

    [Fact]
    public void ThresholdSelector_UnreachableTarget_TakesTheMostPreciseAndSaysSo()
    {
        (double, bool)[] scored = [(0.9, false), (0.8, true), (0.7, false), (0.6, false)];

        var choice = ThresholdSelector.ForPrecision(scored, 0.9, minRaised: 2);

        Assert.False(choice.TargetMet);
        Assert.Equal(0.8, choice.Threshold);
        Assert.Equal(0.5, choice.Precision, 9);
    }

    [Fact]
    public void ValidationMetrics_KnownRanking_GivesAucAndAveragePrecision()
    {
        (double, bool)[] scored = [(0.9, true), (0.8, false), (0.7, true), (0.1, false)];

        var m = ValidationMetrics.Compute(scored, 0.75);

        Assert.Equal(0.75, m.Auc, 9); // 3 of 4 positive-negative pairs ordered right
        Assert.Equal((1 + 2 / 3.0) / 2, m.AveragePrecision, 9);
        Assert.Equal(0.5, m.Precision, 9);
        Assert.Equal(0.5, m.Recall, 9);
        Assert.Equal(2, m.Raised);
    }
}
