namespace Correlator.Detection.Tests;

public sealed class NabScorerTests
{
    // 100 rows: probation is rows 0..14; one window on rows 40..49 (width 10).
    private const int Rows = 100;
    private static readonly NabDataFile File = NabFiles.Create(Rows, NabFiles.Window(40, 49));

    private static NabFileScore Score(params int[] detections) =>
        NabScorer.Score(File, NabFiles.DetectionsAt(Rows, detections), NabProfile.Standard);

    [Fact]
    public void ScaledSigmoid_AtWindowEdges_MatchesNabsDefinition()
    {
        Assert.Equal(0.98661429815143, NabScorer.ScaledSigmoid(-1.0), 12);
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), 15);
        Assert.Equal(-0.98661429815143, NabScorer.ScaledSigmoid(1.0), 12);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.01));
    }

    [Theory]
    [InlineData(100, 15)]
    [InlineData(4999, 749)]
    [InlineData(5000, 750)]
    [InlineData(22695, 750)]
    public void ProbationLength_Rows_IsFifteenPercentCappedAt750(int rows, int expected)
    {
        Assert.Equal(expected, NabScorer.ProbationLength(rows));
    }

    [Fact]
    public void Score_DetectionAtWindowStart_EarnsTheFullTruePositiveWeight()
    {
        var score = Score(40);

        Assert.Equal(1.0, score.RawScore, 12);
        Assert.Equal((1, 0, 0), (score.WindowsDetected, score.WindowsMissed, score.FalsePositives));
    }

    [Fact]
    public void Score_DetectionAtWindowEnd_EarnsTheSigmoidOfOneWindowTenth()
    {
        // sigma(-1/10) / sigma(-1) = tanh(0.25) / tanh(2.5)
        Assert.Equal(0.24824154977542992, Score(49).RawScore, 12);
    }

    [Fact]
    public void Score_NoDetection_CostsOneFalseNegativePerWindow()
    {
        var score = Score();

        Assert.Equal(-1.0, score.RawScore, 12);
        Assert.Equal(1, score.WindowsMissed);
    }

    [Fact]
    public void Score_MissedWindowUnderLowFnProfile_CostsTheFalseNegativeWeight()
    {
        var score = NabScorer.Score(File, new bool[Rows], NabProfile.RewardLowFalseNegatives);

        Assert.Equal(-2.0, score.RawScore, 12);
    }

    [Fact]
    public void Score_DetectionBeforeAnyWindow_CostsTheFullFalsePositiveWeight()
    {
        var score = Score(20);

        Assert.Equal(-0.11 - 1.0, score.RawScore, 12);
        Assert.Equal(1, score.FalsePositives);
    }

    [Fact]
    public void Score_DetectionShortlyAfterWindow_CostsLessThanAFullFalsePositive()
    {
        // |49 - 52| / (10 - 1) = 1/3 past the window: 0.11 * sigma(1/3)
        Assert.Equal(-0.07504879692619866 - 1.0, Score(52).RawScore, 12);
    }

    [Fact]
    public void Score_DetectionMoreThanThreeWidthsAfterWindow_CostsTheFullFalsePositiveWeight()
    {
        // 28 / 9 > 3
        Assert.Equal(-0.11 - 1.0, Score(77).RawScore, 12);
    }

    [Fact]
    public void Score_SeveralDetectionsInOneWindow_CountsOnlyTheEarliest()
    {
        var earliestOnly = Score(42);

        var several = Score(42, 44, 48);

        Assert.Equal(earliestOnly.RawScore, several.RawScore, 12);
        Assert.Equal(0.9771068409226045, several.RawScore, 12);
        Assert.Equal(0, several.FalsePositives);
    }

    [Fact]
    public void Score_DetectionsInProbation_AreIgnored()
    {
        Assert.Equal(-1.0, Score(0, 5, 14).RawScore, 12);
        Assert.Equal(-1.11, Score(0, 5, 15).RawScore, 12);
    }

    [Fact]
    public void Score_WindowInsideProbation_IsNeitherHitNorMissed()
    {
        var file = NabFiles.Create(Rows, NabFiles.Window(5, 10));

        var score = NabScorer.Score(file, NabFiles.DetectionsAt(Rows, 6), NabProfile.Standard);

        Assert.Equal(0.0, score.RawScore);
        Assert.Equal((0, 0, 0), (score.WindowsDetected, score.WindowsMissed, score.FalsePositives));
    }

    [Fact]
    public void Score_TwoWindows_FalsePositiveIsWeightedByTheNearestPrecedingWindow()
    {
        var file = NabFiles.Create(Rows, NabFiles.Window(20, 29), NabFiles.Window(60, 69));

        // Row 72 is 3 rows after the second window (1/3 of 9), not 43 rows after the first.
        var score = NabScorer.Score(file, NabFiles.DetectionsAt(Rows, 20, 60, 72), NabProfile.Standard);

        Assert.Equal(2.0 - 0.07504879692619866, score.RawScore, 12);
    }
}
