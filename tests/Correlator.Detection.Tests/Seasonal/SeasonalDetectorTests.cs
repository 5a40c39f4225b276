using Correlator.Detection.Ensemble;
using Correlator.Detection.Seasonal;

namespace Correlator.Detection.Tests.Seasonal;

public sealed class SeasonalDetectorTests
{
    private const int Period = 48;

    // A noisy sine of period 48 whose pattern stops (held at its mean, inside its usual range) at from for length values.
    private static double[] SineThatStops(int total, int from, int length)
    {
        var noise = SyntheticSeries.Noise(total, seed: 3, level: 0.0, amplitude: 0.4);
        var values = Enumerable.Range(0, total).Select(i => 10.0 + (5.0 * Math.Sin(2.0 * Math.PI * i / Period)) + noise[i]).ToArray();
        for (var i = from; i < from + length && i < total; i++)
        {
            values[i] = 10.0 + noise[i];
        }

        return values;
    }

    private static double[] Surprises(SeasonalDetector detector, IEnumerable<double> values) => [.. values.Select(detector.Add)];

    [Fact]
    public void Add_NoisySine_FindsItsPeriod()
    {
        var detector = new SeasonalDetector();

        Surprises(detector, SineThatStops(3000, from: 3000, length: 0));

        Assert.Equal(Period, detector.Period);
    }

    [Fact]
    public void Add_NoiseOrARandomWalk_FindsNoPeriodAndStaysSilent()
    {
        var noise = SyntheticSeries.Noise(4000, seed: 5);
        var random = new Random(9);
        var walk = new double[4000];
        for (var i = 1; i < walk.Length; i++)
        {
            walk[i] = walk[i - 1] + random.NextDouble() - 0.5;
        }

        foreach (var series in new[] { noise, walk })
        {
            var detector = new SeasonalDetector();
            var surprises = Surprises(detector, series);

            Assert.Equal(0, detector.Period);
            Assert.Equal(0.0, surprises.Max());
        }
    }

    [Fact]
    public void Add_PatternStopsInsideItsRange_SurpriseFarAboveTheQuietPart()
    {
        var detector = new SeasonalDetector();

        var surprises = Surprises(detector, SineThatStops(3400, from: 3000, length: 100));

        var quiet = surprises[2400..3000].Max();
        var broken = surprises[3000..3100].Max();
        Assert.True(quiet < 12.0, $"quiet part {quiet}");
        Assert.True(broken > 30.0, $"broken pattern {broken}");
    }

    [Fact]
    public void Correlator_WithTheSeasonalMember_AlarmsWhereThePatternStops()
    {
        var values = SineThatStops(3400, from: 3000, length: 100);
        var alarm = 12.0 / (12.0 + 20.0);
        var seasonal = new CorrelatorDetectorOptions { Seasonal = new SeasonalDetectorOptions(), SeasonalAlarmSurprise = 30.0 };

        var without = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Seasonal = null }), values);
        var with = SyntheticSeries.ScoreAll(new CorrelatorDetector(seasonal), values);

        Assert.True(without[3000..3100].Max() < alarm, $"without the member {without[3000..3100].Max()}");
        Assert.True(with[3000..3100].Max() >= alarm, $"with the member {with[3000..3100].Max()}");
    }

    [Theory]
    [InlineData(nameof(SeasonalDetectorOptions.MaxPeriod))]
    [InlineData(nameof(SeasonalDetectorOptions.MinCorrelation))]
    [InlineData(nameof(SeasonalDetectorOptions.ResidualLength))]
    public void Constructor_InvalidOption_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(SeasonalDetectorOptions.MaxPeriod) => new SeasonalDetectorOptions { MaxPeriod = 1000 },
            nameof(SeasonalDetectorOptions.MinCorrelation) => new SeasonalDetectorOptions { MinCorrelation = 1.5 },
            _ => new SeasonalDetectorOptions { ResidualLength = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new SeasonalDetector(options));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
