using Correlator.Detection.Context;

namespace Correlator.Detection.Tests.Context;

/// <summary>The contextual (CAD OSE-style) detector on synthetic series with known answers.</summary>
public sealed class ContextDetectorTests
{
    private static ContextDetector Detector(int levels = 16, int maxOrder = 1, int restPeriod = 150) =>
        new(new ContextDetectorOptions { LearningPeriod = 150, Levels = levels, MaxOrder = maxOrder, RestPeriod = restPeriod });

    [Fact]
    public void Score_LearningPeriod_ScoresZero()
    {
        var scores = SyntheticSeries.ScoreAll(Detector(), SyntheticSeries.WithSpike(200, at: 100, height: 50.0));

        Assert.All(scores[..150], s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_SingleSpikeOutsideTheLearntRange_NovelButNoAlarm()
    {
        // A repeating pattern (so every level and transition is known) with one spike: a new level
        // in a known context is half novel (0.5); the value after it has a new context (0.25). One
        // new level is not an alarm for this member (the surprise member of `correlator` takes spikes).
        var values = Enumerable.Range(0, 600).Select(i => (double)(i % 4)).ToArray();
        values[400] = 40.0;

        var scores = SyntheticSeries.ScoreAll(Detector(), values);

        Assert.Equal(0.5, scores[400]);
        Assert.Equal(0.25, scores[401]);
        Assert.All(scores[150..400], s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_TwoNewLevelsInARow_IsAnAlarm()
    {
        var values = Enumerable.Range(0, 600).Select(i => (double)(i % 4)).ToArray();
        values[400] = 40.0;
        values[401] = 50.0;

        var scores = SyntheticSeries.ScoreAll(Detector(), values);

        Assert.Equal(0.5, scores[400]);
        Assert.Equal(0.75, scores[401]);
    }

    [Fact]
    public void Score_PatternBrokenInsideTheRange_FlagsTheUnseenTransition()
    {
        // 0 1 2 3 repeats; then 0 2 appears: both values are known, the transition is not.
        var values = Enumerable.Range(0, 600).Select(i => (double)(i % 4)).ToArray();
        values[401] = 2.0;

        var detector = Detector(levels: 4, maxOrder: 3, restPeriod: 0);
        var scores = SyntheticSeries.ScoreAll(detector, values);

        Assert.True(scores[401] >= 0.3, $"unseen transition scored {scores[401]}");
        Assert.True(scores[401] > scores[160..400].Max());
    }

    [Fact]
    public void Score_LevelShift_AlarmWithinAFewValuesThenRest()
    {
        var values = SyntheticSeries.WithLevelShift(600, at: 400, shift: 10.0);

        var scores = SyntheticSeries.ScoreAll(Detector(), values);

        // The first value is a new level (0.5); an alarm needs two different new levels in a row.
        Assert.True(scores[150..400].Max() < 0.7, $"before the shift {scores[150..400].Max()}");
        Assert.Equal(0.5, scores[400]);
        var alarm = Array.FindIndex(scores, 401, s => s >= 0.7);
        Assert.InRange(alarm, 401, 405);
        Assert.True(scores[(alarm + 1)..(alarm + 150)].Max() <= 0.5 * 0.7, "the rest period holds later values to half an alarm");
    }

    [Fact]
    public void Score_SeasonalSineWithOutlier_OutlierNovelAndAtLeastAsHighAsTheRest()
    {
        var values = SyntheticSeries.SineWithOutlier(800, period: 50, at: 600, height: 8.0);

        var scores = SyntheticSeries.ScoreAll(Detector(), values);

        Assert.Equal(0.5, scores[600]);
        Assert.Equal(scores.Max(), scores[600]);
    }

    [Fact]
    public void Score_ConstantSeries_StaysZero()
    {
        var scores = SyntheticSeries.ScoreAll(Detector(), Enumerable.Repeat(3.3, 1000).ToArray());

        Assert.All(scores, s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_NonFiniteValues_ScoreZeroAndAreNotLearnt()
    {
        var clean = SyntheticSeries.WithSpike(400, at: 300, height: 20.0);
        var dirty = clean.Take(200).Concat([double.NaN, double.PositiveInfinity]).Concat(clean.Skip(200)).ToArray();

        var expected = SyntheticSeries.ScoreAll(Detector(), clean);
        var actual = SyntheticSeries.ScoreAll(Detector(), dirty);

        Assert.Equal([0.0, 0.0], actual[200..202]);
        Assert.Equal(expected, actual.Where((_, i) => i is < 200 or > 201));
    }

    [Fact]
    public void Score_GapsAndOutOfOrderTimestamps_ThroughTheGuard_ReportedNotCrashing()
    {
        var guarded = new GuardedDetector(Detector());
        var time = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 300; i++)
        {
            guarded.Score(time.AddMinutes(i), i % 5);
        }

        guarded.Score(time.AddMinutes(100), 2.0);
        guarded.Score(time.AddMinutes(1000), 2.0);

        Assert.Equal(1L, guarded.Report.OutOfOrder);
        Assert.Equal(1L, guarded.Report.Gaps);
    }

    [Fact]
    public void Score_EndlessNewContexts_FactsStayBounded()
    {
        var options = new ContextDetectorOptions { LearningPeriod = 10, Levels = 8, MaxOrder = 3, MaxFacts = 64 };
        var detector = new ContextDetector(options);
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            detector.Score(DateTimeOffset.UnixEpoch, random.NextDouble() * 1e6);
            Assert.True(detector.FactCount <= 2 * options.MaxFacts);
        }
    }

    [Theory]
    [InlineData(1, 16, 3, 0.75, 150)]
    [InlineData(150, 1, 3, 0.75, 150)]
    [InlineData(150, 16, 17, 0.75, 150)]
    [InlineData(150, 16, 3, 0.0, 150)]
    [InlineData(150, 16, 3, 0.75, -1)]
    public void Constructor_SettingThatCannotWork_ThrowsNamingIt(int learning, int levels, int order, double alarm, int rest)
    {
        var options = new ContextDetectorOptions { LearningPeriod = learning, Levels = levels, MaxOrder = order, AlarmScore = alarm, RestPeriod = rest };

        Assert.Throws<ArgumentException>(() => new ContextDetector(options));
    }

    [Fact]
    public void Score_OutlierInTheLearningPeriod_RangeQuantileKeepsTheLevelsFine()
    {
        // A pattern over 0..3 with one outlier at 1,000 while the levels are learnt, then a value at 30:
        // from the min and max, 0..62 is all level 0 (30 is nothing new); from the 2% and 98% quantiles
        // the levels span 0..3 and 30 is a never-seen level.
        var values = Enumerable.Range(0, 400).Select(i => (double)(i % 4)).ToArray();
        values[50] = 1000.0;
        values[300] = 30.0;
        var fromMinMax = new ContextDetector(new ContextDetectorOptions { LearningPeriod = 150, Levels = 16 });
        var fromQuantiles = new ContextDetector(new ContextDetectorOptions { LearningPeriod = 150, Levels = 16, RangeQuantile = 0.02 });

        var minMaxScores = SyntheticSeries.ScoreAll(fromMinMax, values);
        var quantileScores = SyntheticSeries.ScoreAll(fromQuantiles, values);

        Assert.Equal(0.0, minMaxScores[300]);
        Assert.True(quantileScores[300] >= 0.5, $"novelty {quantileScores[300]}");
        Assert.All(quantileScores[150..300], s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_NearlyFlatLearningPeriod_MinRelativeWidthIgnoresSmallWobbles()
    {
        // Learnt on 100 and 100.000001; then 100 and 100.05 alternate. Without a floor the level is
        // a millionth wide and 100.05 is a new level; with levels at least 0.1% of 100 wide it is not.
        var values = Enumerable.Range(0, 400).Select(i => i < 150 ? 100.0 + (1e-6 * (i % 2)) : 100.0 + (0.05 * (i % 2))).ToArray();
        var noFloor = new ContextDetector(new ContextDetectorOptions { LearningPeriod = 150, Levels = 16 });
        var floored = new ContextDetector(new ContextDetectorOptions { LearningPeriod = 150, Levels = 16, MinRelativeWidth = 0.001 });

        var noFloorScores = SyntheticSeries.ScoreAll(noFloor, values);
        var flooredScores = SyntheticSeries.ScoreAll(floored, values);

        Assert.True(noFloorScores[151] >= 0.5, $"novelty {noFloorScores[151]}");
        Assert.All(flooredScores[150..], s => Assert.Equal(0.0, s));
    }

    [Theory]
    [InlineData(0.5, 0.0, "RangeQuantile")]
    [InlineData(-0.1, 0.0, "RangeQuantile")]
    [InlineData(0.0, 1.0, "MinRelativeWidth")]
    [InlineData(0.0, -0.5, "MinRelativeWidth")]
    public void Constructor_RangeSettingThatCannotWork_ThrowsNamingIt(double quantile, double minWidth, string name)
    {
        var options = new ContextDetectorOptions { RangeQuantile = quantile, MinRelativeWidth = minWidth };

        var error = Assert.Throws<ArgumentException>(() => new ContextDetector(options));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
