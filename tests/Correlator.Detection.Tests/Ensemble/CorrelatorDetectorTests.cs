using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Ensemble;

public sealed class CorrelatorDetectorTests
{
    [Fact]
    public void Score_SecondSpikeWithinTheSuppression_ScoredAtMostHalfAnAlarm()
    {
        var values = SyntheticSeries.WithSpike(600, at: 400, height: 20.0);
        values[450] += 20.0;
        values[550] += 20.0;
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
    public void Constructor_InvalidOption_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(CorrelatorDetectorOptions.KernelWindowSize) => new CorrelatorDetectorOptions { KernelWindowSize = 1 },
            nameof(CorrelatorDetectorOptions.SuppressionLength) => new CorrelatorDetectorOptions { SuppressionLength = -1 },
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
}
