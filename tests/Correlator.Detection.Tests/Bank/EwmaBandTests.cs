using Correlator.Detection.Bank;
using Correlator.Domain;

namespace Correlator.Detection.Tests.Bank;

public sealed class EwmaBandTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Noise around 50 with a far outlier now and then, from a fixed seed.</summary>
    private static double[] Series(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 50.0 + (random.NextDouble() * 4.0) - 2.0 + (i % 37 == 36 ? 25.0 : 0.0);
        }

        return values;
    }

    /// <summary>A detector that has learnt <paramref name="values"/> (the same state every call: the detector is deterministic).</summary>
    private static EwmaDetector Taught(double[] values, int count)
    {
        var detector = new EwmaDetector();
        for (int i = 0; i < count; i++)
        {
            detector.Score(Start.AddMinutes(i), values[i]);
        }

        return detector;
    }

    [Theory]
    [InlineData(0.99, 1, 25)]
    [InlineData(0.999, 2, 60)]
    [InlineData(0.999, 3, 250)]
    [InlineData(0.9999, 4, 400)]
    [InlineData(1.0, 5, 300)]
    public void NormalBand_ItsEdgesAreWhereTheScoreCrossesTheThreshold(double threshold, int seed, int learnt)
    {
        // Arrange
        var values = Series(learnt, seed);
        var (lower, upper) = Taught(values, learnt).NormalBand(threshold);
        Assert.True(double.IsFinite(lower) && double.IsFinite(upper) && lower < upper);
        double nudge = 1e-6 * (upper - lower);
        var at = Start.AddMinutes(learnt);

        // Act: score values just inside and just outside each edge, each on a detector in the same state.
        double insideUpper = Taught(values, learnt).Score(at, upper - nudge);
        double outsideUpper = Taught(values, learnt).Score(at, upper + nudge);
        double insideLower = Taught(values, learnt).Score(at, lower + nudge);
        double outsideLower = Taught(values, learnt).Score(at, lower - nudge);

        // Assert
        Assert.True(insideUpper < threshold, $"just below the upper edge scored {insideUpper:R}");
        Assert.True(outsideUpper >= threshold, $"just above the upper edge scored {outsideUpper:R}");
        Assert.True(insideLower < threshold, $"just above the lower edge scored {insideLower:R}");
        Assert.True(outsideLower >= threshold, $"just below the lower edge scored {outsideLower:R}");
    }

    [Fact]
    public void NormalBand_WhileWarmingUp_IsUnbounded()
    {
        var detector = new EwmaDetector(warmUp: 20);
        for (int i = 0; i < 19; i++)
        {
            detector.Score(Start.AddMinutes(i), 50 + (i % 3));
        }

        var (lower, upper) = detector.NormalBand(0.999);

        Assert.Equal(double.NegativeInfinity, lower);
        Assert.Equal(double.PositiveInfinity, upper);
        Assert.Equal(0.0, detector.Score(Start.AddMinutes(19), 1e9));
    }

    [Fact]
    public void NormalBand_FlatSeries_IsThePointItself()
    {
        var detector = new EwmaDetector(warmUp: 5);
        for (int i = 0; i < 10; i++)
        {
            detector.Score(Start.AddMinutes(i), 7.0);
        }

        var (lower, upper) = detector.NormalBand(0.999);

        Assert.InRange(lower, 7.0 - 1e-9, 7.0);
        Assert.InRange(upper, 7.0, 7.0 + 1e-9);
        Assert.Equal(1.0, detector.Score(Start.AddMinutes(10), 7.001));
    }

    [Fact]
    public void Observe_EwmaRule_EverySampleIsAnomalousExactlyWhenOutsideItsBand()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions());
        var series = new SeriesKey("cpu", LabelSet.From(("host", "web-1")), "usage_user");
        var values = Series(600, seed: 11);
        var scores = new List<SampleScore>();

        // Act
        for (int i = 0; i < values.Length; i++)
        {
            bank.Observe([new MetricSample(series, Start.AddMinutes(i), values[i])], [], scores);
        }

        // Assert
        Assert.Equal(600, scores.Count);
        Assert.All(scores, s => Assert.True(s.HasDetectorBand));
        Assert.All(scores.Take(20), s => Assert.True(double.IsNegativeInfinity(s.Lower) && double.IsPositiveInfinity(s.Upper)));
        int outside = 0;
        foreach (var s in scores.Skip(20))
        {
            bool beyond = s.Value < s.Lower || s.Value > s.Upper;
            outside += beyond ? 1 : 0;
            Assert.True(beyond == s.Anomalous, $"{s.Time:u}: value {s.Value:R}, band [{s.Lower:R}, {s.Upper:R}], anomalous {s.Anomalous}");
        }

        Assert.InRange(outside, 5, 40);
    }

    [Fact]
    public void Observe_DetectorWithoutAnInverse_GivesNoBand()
    {
        var bank = new DetectorBank(new BankOptions { Rules = [new BankRule { Detector = DetectorCatalog.WindowedGaussian }] });
        var series = new SeriesKey("cpu", LabelSet.Empty, "usage_user");
        var scores = new List<SampleScore>();

        bank.Observe([new MetricSample(series, Start, 1.0), new MetricSample(series, Start.AddMinutes(1), 2.0)], [], scores);

        Assert.Equal(2, scores.Count);
        Assert.All(scores, s => Assert.False(s.HasDetectorBand));
    }
}
