using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Ensemble;

public sealed partial class CorrelatorDetectorTests
{
    [Fact]
    public void Score_SecondSpikeWithinTheSuppression_ScoredAtMostHalfAnAlarm()
    {
        var values = SyntheticSeries.WithSpike(600, at: 400, height: 20.0);
        values[450] += 20.0;
        values[550] += 40.0; // higher than the first, so not "seen before"
        var detector = new CorrelatorDetector();
        var alarm = 12.0 / (12.0 + 20.0);

        var scores = SyntheticSeries.ScoreAll(detector, values);

        Assert.True(scores[400] > alarm, $"first spike {scores[400]}");
        Assert.InRange(scores[450], 0.0, 0.5 * alarm);
        Assert.True(scores[550] > 0.5 * alarm, $"spike after the suppression {scores[550]}");
    }

    [Fact]
    public void Score_FarOutValues_KeepTheirOrderInsteadOfAllScoringOne()
    {
        var noise = SyntheticSeries.Noise(500);
        var small = noise.Append(1e3).ToArray();
        var large = noise.Append(1e6).ToArray();

        var smallScore = SyntheticSeries.ScoreAll(new CorrelatorDetector(), small)[^1];
        var largeScore = SyntheticSeries.ScoreAll(new CorrelatorDetector(), large)[^1];

        Assert.True(largeScore > smallScore, $"{largeScore} <= {smallScore}");
        Assert.True(largeScore < 1.0);
    }

    [Fact]
    public void Score_WithoutSmoothing_StillScoresSpikes()
    {
        var detector = new CorrelatorDetector(new CorrelatorDetectorOptions { SmoothingWindowSize = 1 });

        var scores = SyntheticSeries.ScoreAll(detector, SyntheticSeries.WithSpike(500, at: 400, height: 20.0));

        Assert.Equal(400, Array.IndexOf(scores, scores.Max()));
    }

    [Theory]
    [InlineData(nameof(CorrelatorDetectorOptions.KernelWindowSize))]
    [InlineData(nameof(CorrelatorDetectorOptions.SuppressionLength))]
    [InlineData(nameof(CorrelatorDetectorOptions.AlarmSurprise))]
    [InlineData(nameof(CorrelatorDetectorOptions.AlarmBudgetWindow))]
    [InlineData(nameof(CorrelatorDetectorOptions.AlarmBudgetStep))]
    [InlineData(nameof(CorrelatorDetectorOptions.SeenRangeWindow))]
    [InlineData(nameof(CorrelatorDetectorOptions.SeenRangeBlock))]
    public void Constructor_InvalidOption_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(CorrelatorDetectorOptions.KernelWindowSize) => new CorrelatorDetectorOptions { KernelWindowSize = 1 },
            nameof(CorrelatorDetectorOptions.SuppressionLength) => new CorrelatorDetectorOptions { SuppressionLength = -1 },
            nameof(CorrelatorDetectorOptions.AlarmBudgetWindow) => new CorrelatorDetectorOptions { AlarmBudgetWindow = -1 },
            nameof(CorrelatorDetectorOptions.AlarmBudgetStep) => new CorrelatorDetectorOptions { AlarmBudgetStep = double.PositiveInfinity },
            nameof(CorrelatorDetectorOptions.SeenRangeWindow) => new CorrelatorDetectorOptions { SeenRangeWindow = -1 },
            nameof(CorrelatorDetectorOptions.SeenRangeBlock) => new CorrelatorDetectorOptions { SeenRangeBlock = 0 },
            _ => new CorrelatorDetectorOptions { AlarmSurprise = double.NaN },
        };

        var error = Assert.Throws<ArgumentException>(() => new CorrelatorDetector(options));

        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.999)]
    [InlineData(5.0)]
    [InlineData(8.0)]
    [InlineData(20.0)]
    public void LogUpperTail_AgreesWithTheLogOfTheTail(double z)
    {
        Assert.Equal(Math.Log(NormalDistribution.UpperTail(z)), NormalDistribution.LogUpperTail(z), tolerance: 1e-3);
    }

    [Fact]
    public void LogUpperTail_BeyondDoubleRange_StaysFinite()
    {
        Assert.Equal(-0.5 * 1e4, NormalDistribution.LogUpperTail(100.0), tolerance: 10.0);
    }

    [Fact]
    public void Score_SmallMoveToNeverSeenValues_TheContextMemberRaisesTheAlarmFirst()
    {
        // A sine between 0 and 1, then values in [1.05, 1.15]: barely unusual one by one (z under 2),
        // but never seen before; the contextual member calls two new levels in a row an alarm.
        var random = new Random(21);
        var values = Enumerable.Range(0, 700)
            .Select(i => i < 600 ? 0.5 + (0.5 * Math.Sin(2.0 * Math.PI * i / 50.0)) : 1.05 + (0.1 * random.NextDouble()))
            .ToArray();
        var alarm = 12.0 / (12.0 + 20.0);

        var with = SyntheticSeries.ScoreAll(new CorrelatorDetector(), values);
        var without = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null }), values);

        Assert.True(with[150..600].Max() < alarm, $"before the move {with[150..600].Max()}");
        Assert.True(with[600..603].Max() > alarm, $"with the member {string.Join(", ", with[600..603])}");
        Assert.True(without[600..603].Max() < alarm, $"without it {string.Join(", ", without[600..603])}");
    }

    [Fact]
    public void Score_AlarmBudget_EachAlarmRaisesTheLevelUntilItLeavesTheWindow()
    {
        // Spikes each twice the last (so each is far beyond everything before it), 200 values apart.
        var values = SyntheticSeries.Noise(1400);
        values[400] += 20.0;
        values[600] += 40.0;
        values[800] += 80.0;
        var detector = new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 500 });
        var levels = new double[values.Length];
        var counts = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            detector.Score(DateTimeOffset.UnixEpoch.AddMinutes(i), values[i]);
            levels[i] = detector.CurrentAlarmSurprise;
            counts[i] = detector.BudgetAlarmCount;
        }

        Assert.Equal(0, counts[399]);
        Assert.Equal(12.0, levels[399]);
        Assert.Equal(1, counts[400]);
        Assert.Equal(15.0, levels[400]);
        Assert.Equal(3, counts[800]);
        Assert.Equal(21.0, levels[800]);

        // 500 values after each alarm it no longer counts: 401 + 500 drops the first, 1301 the last.
        Assert.Equal(2, counts[901]);
        Assert.Equal(0, counts[1301]);
        Assert.Equal(12.0, levels[1301]);
    }

    [Fact]
    public void Score_AlarmBudget_AValueBetweenThePlainAndTheRaisedLevelIsHalfAnAlarm()
    {
        var values = SyntheticSeries.Noise(1000);
        values[400] += 20.0;
        values[500] += 100.0;
        values[800] += 500.0;
        var alarm = 12.0 / (12.0 + 20.0);

        // A step so large that no value can reach the raised level while the first alarm counts (300 values).
        var budget = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 300, AlarmBudgetStep = 1e6 }), values);
        var plain = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 0 }), values);

        Assert.True(budget[400] > alarm, $"first spike {budget[400]}");
        Assert.True(plain[500] > alarm, $"second spike without the budget {plain[500]}");
        Assert.Equal(0.5 * alarm, budget[500], tolerance: 1e-12);
        Assert.True(budget[800] > alarm, $"a spike after the first alarm left the window {budget[800]}");
    }

    [Fact]
    public void Score_AlarmBudget_StateStaysBoundedWhenEveryValueAlarms()
    {
        // No suppression and values that double each time: every value is an alarm.
        var detector = new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, SuppressionLength = 0, AlarmBudgetWindow = 50, AlarmBudgetStep = 0.001 });
        var value = 1.0;
        for (var i = 0; i < 200; i++)
        {
            detector.Score(DateTimeOffset.UnixEpoch.AddMinutes(i), i < 100 ? Math.Sin(i) : value *= 2.0);
        }

        Assert.InRange(detector.BudgetAlarmCount, 40, 51);
    }

    [Fact]
    public void Score_SpikeNoHigherThanAnEarlierOne_IsSeenBeforeAndScoredHalfAnAlarm()
    {
        // The second spike comes after the first has left the kernel window (800 values), so without the rule it alarms.
        var values = SyntheticSeries.Noise(1500);
        values[400] += 20.0;
        values[1300] += 18.0;
        var alarm = 12.0 / (12.0 + 20.0);
        var isolated = new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 0 };
        var detector = new CorrelatorDetector(isolated);
        var scores = new double[values.Length];
        var seen = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scores[i] = detector.Score(DateTimeOffset.UnixEpoch.AddMinutes(i), values[i]);
            seen[i] = detector.LastSeenBefore;
        }

        var off = SyntheticSeries.ScoreAll(new CorrelatorDetector(isolated with { SeenRangeWindow = 0 }), values);

        Assert.True(scores[400] > alarm, $"first spike {scores[400]}");
        Assert.False(seen[400]);
        Assert.True(off[1300] > alarm, $"second spike without the rule {off[1300]}");
        Assert.True(seen[1300]);
        Assert.Equal(0.5 * alarm, scores[1300], tolerance: 1e-12);
        Assert.Equal(1, seen.Count(s => s));
    }

    [Fact]
    public void Score_SpikeBeyondEveryEarlierValue_StillAlarms()
    {
        var values = SyntheticSeries.Noise(1500);
        values[400] += 20.0;
        values[1300] += 40.0;
        var alarm = 12.0 / (12.0 + 20.0);

        var scores = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 0 }), values);

        Assert.True(scores[1300] > alarm, $"{scores[1300]}");
    }

    [Fact]
    public void Score_SeenBefore_ForgetsValuesOlderThanTheWindowPlusABlock()
    {
        var values = SyntheticSeries.Noise(1500);
        values[400] += 20.0;
        values[1300] += 18.0;
        var alarm = 12.0 / (12.0 + 20.0);

        // The spike at 400 is 900 values back: beyond a 300-value window kept in blocks of 50 (at most 349 values).
        var scores = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 0, SeenRangeWindow = 300, SeenRangeBlock = 50 }), values);

        Assert.True(scores[1300] > alarm, $"{scores[1300]}");
    }

    [Fact]
    public void Score_LevelShiftInsideTheValueRange_IsNewOnTheAverageScale()
    {
        // One spike to about 30 early on; later the level moves to about 25 and stays: every value lies inside
        // the range seen, but the 10-value average reaches levels it never had, so the shift still alarms.
        var values = SyntheticSeries.WithLevelShift(1200, at: 900, shift: 15.0);
        values[400] += 20.0;
        var alarm = 12.0 / (12.0 + 20.0);

        var scores = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Context = null, AlarmBudgetWindow = 0 }), values);

        Assert.True(scores[900..915].Max() > alarm, string.Join(", ", scores[900..915]));
    }
}
