using Correlator.Testing;

namespace Correlator.Detection.Tests;

public sealed class WindowedGaussianDetectorTests
{
    private static double[] ScoreAll(WindowedGaussianDetector detector, IReadOnlyList<double> values) =>
        [.. values.Select((v, i) => detector.Score(Some.At(60 * i), v))];

    [Fact]
    public void Score_SpikeInNoise_ScoresNearOneAtTheSpikeAndHighestThere()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 500).Select(_ => 10.0 + random.NextDouble()).ToArray();
        values[400] = 30.0;

        var scores = ScoreAll(new WindowedGaussianDetector(), values);

        Assert.True(scores[400] > 0.999999, $"spike scored {scores[400]}");
        // The first few values see a window too short to have a meaningful spread.
        var settled = scores[10..];
        Assert.Equal(400 - 10, Array.IndexOf(settled, settled.Max()));
    }

    [Fact]
    public void Score_FirstValue_IsZero()
    {
        Assert.Equal(0.0, new WindowedGaussianDetector().Score(Some.T0, 42.0));
    }

    [Fact]
    public void Score_ConstantSeries_IsNeverNaNAndStaysAtNoEvidence()
    {
        // 1 - Q(0) = 0.5 is NAB's floor for this detector: a value at the mean is "no evidence".
        var scores = ScoreAll(new WindowedGaussianDetector(), Enumerable.Repeat(3.3, 8000).ToArray());

        Assert.DoesNotContain(scores, double.IsNaN);
        Assert.Equal(0.0, scores[0]);
        Assert.All(scores.Skip(1), s => Assert.Equal(0.5, s));
    }

    [Fact]
    public void Score_NonFiniteValue_ScoresZeroAndIsNotLearnt()
    {
        double[] clean = [1, 2, 3, 2, 1, 2, 9, 2];
        double[] dirty = [1, 2, double.NaN, 3, 2, double.PositiveInfinity, 1, 2, 9, 2];

        var expected = ScoreAll(new WindowedGaussianDetector(), clean);
        var actual = ScoreAll(new WindowedGaussianDetector(), dirty);

        Assert.Equal(0.0, actual[2]);
        Assert.Equal(0.0, actual[5]);
        Assert.Equal(expected, actual.Where((_, i) => i is not 2 and not 5));
    }

    [Fact]
    public void Score_FullWindow_RefreshesStatisticsOnlyEveryStep()
    {
        var detector = new WindowedGaussianDetector(windowSize: 3, stepSize: 2);
        ScoreAll(detector, [1, 2, 3]);

        var far = detector.Score(Some.T0, 10);   // against [1, 2, 3]; buffered
        var atOldMean = detector.Score(Some.T0, 2); // still against [1, 2, 3]; window becomes [3, 10, 2]
        var atNewMean = detector.Score(Some.T0, 5); // against [3, 10, 2], mean 5

        Assert.Equal(1.0 - NormalDistribution.UpperTail(8.0 / Math.Sqrt(2.0 / 3.0)), far, 15);
        Assert.Equal(0.5, atOldMean);
        Assert.Equal(0.5, atNewMean);
    }

    [Fact]
    public void Score_ValueBelowTheMean_ScoresLikeItsMirrorAbove()
    {
        var below = new WindowedGaussianDetector();
        var above = new WindowedGaussianDetector();
        ScoreAll(below, [4, 6, 4, 6]);
        ScoreAll(above, [4, 6, 4, 6]);

        Assert.Equal(above.Score(Some.T0, 7), below.Score(Some.T0, 3), 15);
    }
}
