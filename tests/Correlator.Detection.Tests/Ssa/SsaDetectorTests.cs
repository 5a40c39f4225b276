using Correlator.Testing;
using Correlator.Detection.Ssa;

namespace Correlator.Detection.Tests.Ssa;

public sealed class SsaDetectorTests
{
    [Fact]
    public void Score_SeasonalOutlierWithinTheNormalRange_SpikeDetectorFlagsIt()
    {
        // The outlier (value 0 at a peak of +5) stays inside the series' range: only a detector that
        // knows the season sees it, an IID one does not.
        var values = SyntheticSeries.SineWithOutlier(800, period: 50, at: 612, height: 0.0);
        values[612] = 0.0;

        var ssa = SyntheticSeries.ScoreAll(new SsaSpikeDetector(), values);
        var iid = SyntheticSeries.ScoreAll(new IidSpikeDetector(400), values);

        Assert.True(ssa[612] > 0.99, $"SSA scored the outlier {ssa[612]}");
        Assert.True(ssa[612] > ssa.Where((_, i) => i != 612).Max());
        Assert.True(iid[612] < 0.9, $"IID scored it {iid[612]}, the test no longer shows what SSA adds");
    }

    [Fact]
    public void Score_BeforeTheTrainingWindowFills_IsZero()
    {
        var scores = SyntheticSeries.ScoreAll(new SsaSpikeDetector(), SyntheticSeries.WithSpike(300, at: 100, height: 50.0));

        Assert.All(scores[..256], s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_Spike_ExpectedValueIsTheLevelNotTheSpike()
    {
        var values = SyntheticSeries.WithSpike(500, at: 400, height: 20.0);
        var detector = new SsaSpikeDetector();

        for (var i = 0; i <= 400; i++)
        {
            detector.Score(Some.T0.AddMinutes(i), values[i]);
        }

        Assert.Equal(10.0, detector.LastExpected, 0);
    }

    [Fact]
    public void Score_LevelShift_ChangePointCrossesHalfAfterTheShiftAndNotBefore()
    {
        var values = SyntheticSeries.WithLevelShift(600, at: 400, shift: 10.0);

        var scores = SyntheticSeries.ScoreAll(new SsaChangePointDetector(), values);

        Assert.True(scores[..400].Max() < 0.5, $"before the shift: {scores[..400].Max()}");
        Assert.True(scores[400..410].Max() > 0.5, $"after the shift: {scores[400..410].Max()}");
    }

    [Fact]
    public void Score_ConstantSeriesThenAStep_StepScoresOne()
    {
        var values = Enumerable.Repeat(3.3, 400).Append(4.3).ToArray();

        var scores = SyntheticSeries.ScoreAll(new SsaSpikeDetector(), values);

        Assert.All(scores[..400], s => Assert.InRange(s, 0.0, 0.5));
        Assert.Equal(1.0, scores[400], 6);
    }
}
