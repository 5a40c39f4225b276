namespace Correlator.Detection.Tests;

/// <summary>The behaviour every catalog detector owes its callers, on synthetic series.</summary>
public sealed class DetectorContractTests
{
    public static TheoryData<string> Names => [.. DetectorCatalog.All.Keys];

    // A change-point martingale is built to ignore one isolated spike: it is held to level shifts only.
    public static TheoryData<string> SpikeNames => [.. DetectorCatalog.All.Keys.Where(n => n is not DetectorCatalog.IidChangePoint and not DetectorCatalog.SsaChangePoint)];

    // The SR window must fill before it scores; the spike sits well after that.
    private const int Warmup = 150;

    [Theory]
    [MemberData(nameof(SpikeNames))]
    public void Score_SpikeInNoise_HighAtTheSpikeAndLowElsewhere(string name)
    {
        var values = SyntheticSeries.WithSpike(600, at: 400, height: 20.0);

        var scores = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), values);

        var others = scores.Where((_, i) => i >= Warmup && Math.Abs(i - 400) > 10).ToArray();
        Assert.True(scores[400] > 0.5, $"{name}: spike scored {scores[400]}");
        Assert.True(scores[400] > others.Max(), $"{name}: spike {scores[400]} <= elsewhere {others.Max()}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_LevelShift_FlaggedNearTheShift(string name)
    {
        var values = SyntheticSeries.WithLevelShift(600, at: 400, shift: 10.0);

        var scores = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), values);

        var near = scores[400..406].Max();
        var before = scores[Warmup..390].Max();
        Assert.True(near > before, $"{name}: near the shift {near} <= before it {before}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_ConstantSeries_NeverNaNAndWithinRange(string name)
    {
        var scores = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), Enumerable.Repeat(3.3, 1000).ToArray());

        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_NonFiniteValues_ScoreZeroAndDoNotChangeLaterScores(string name)
    {
        var clean = SyntheticSeries.WithSpike(300, at: 250, height: 20.0);
        var dirty = clean.Take(100).Concat([double.NaN, double.PositiveInfinity, double.NegativeInfinity]).Concat(clean.Skip(100)).ToArray();

        var expected = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), clean);
        var actual = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), dirty);

        Assert.Equal([0.0, 0.0, 0.0], actual[100..103]);
        Assert.Equal(expected, actual.Where((_, i) => i is < 100 or > 102));
    }

    [Theory]
    [MemberData(nameof(SpikeNames))]
    public void Score_SeasonalSineWithOutlier_OutlierAboveTheRest(string name)
    {
        var values = SyntheticSeries.SineWithOutlier(800, period: 50, at: 600, height: 8.0);

        var scores = SyntheticSeries.ScoreAll(DetectorCatalog.All[name](), values);

        var others = scores.Select((s, i) => (s, i)).Where(p => p.i >= Warmup && Math.Abs(p.i - 600) > 10).MaxBy(p => p.s);
        Assert.True(scores[600] > others.s, $"{name}: outlier {scores[600]} <= {others.s} at {others.i}");
    }

    [Fact]
    public void All_Default_IsACatalogName()
    {
        Assert.Contains(DetectorCatalog.Default, DetectorCatalog.All.Keys);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void All_Factory_ReturnsAFreshDetectorNamedLikeItsKey(string name)
    {
        var first = DetectorCatalog.All[name]();

        Assert.Equal(name, first.Name);
        Assert.NotSame(first, DetectorCatalog.All[name]());
    }
}
