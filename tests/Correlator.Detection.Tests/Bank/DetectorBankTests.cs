using Correlator.Detection.Bank;
using Correlator.Domain;

namespace Correlator.Detection.Tests.Bank;

public sealed class DetectorBankTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly SeriesKey Cpu = new("cpu", LabelSet.From(("host", "web-1"), ("service", "shop")), "usage_user");

    /// <summary>A noisy but steady series (mean 50, noise ±1), one sample a minute, from a fixed seed.</summary>
    private static IEnumerable<double> Steady(int count, int seed = 7)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            yield return 50.0 + ((random.NextDouble() * 2.0) - 1.0);
        }
    }

    private static List<Signal> Feed(DetectorBank bank, SeriesKey series, IEnumerable<double> values, int startMinute = 0)
    {
        var signals = new List<Signal>();
        int minute = startMinute;
        foreach (var value in values)
        {
            bank.Observe(new MetricSample(series, Start.AddMinutes(minute++), value), signals);
        }

        return signals;
    }

    [Fact]
    public void Observe_SteadySeries_NoSignal()
    {
        var bank = new DetectorBank(new BankOptions());

        var signals = Feed(bank, Cpu, Steady(500));

        Assert.Empty(signals);
        Assert.Equal(500, bank.Stats.Scored);
        Assert.Equal(1, bank.SeriesCount);
    }

    [Fact]
    public void Observe_Spike_FiresWithSeriesIdentityThenResolves()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions { ResolveAfterSamples = 3 });
        Feed(bank, Cpu, Steady(200));

        // Act: one value far above, then normal ones.
        var signals = Feed(bank, Cpu, [90.0, .. Steady(5, seed: 9)], startMinute: 200);

        // Assert
        Assert.Equal(2, signals.Count);
        var firing = signals[0];
        Assert.Equal(SignalKind.Anomaly, firing.Kind);
        Assert.Equal(SignalStatus.Firing, firing.Status);
        Assert.Equal(Start.AddMinutes(200), firing.EventTime);
        Assert.Equal("web-1", firing.Resource);
        Assert.Equal("shop", firing.Service);
        Assert.Equal("cpu", firing.Labels.GetValueOrDefault("measurement"));
        Assert.Equal("usage_user", firing.Labels.GetValueOrDefault("field"));
        Assert.Equal("web-1", firing.Labels.GetValueOrDefault("host"));
        Assert.Equal("spike", firing.Annotations.GetValueOrDefault("kind"));
        Assert.Equal("up", firing.Annotations.GetValueOrDefault("direction"));
        Assert.InRange(double.Parse(firing.Annotations.GetValueOrDefault("expected")!, System.Globalization.CultureInfo.InvariantCulture), 49.0, 51.0);
        Assert.True(firing.Score >= 0.999);

        var resolved = signals[1];
        Assert.Equal(SignalStatus.Resolved, resolved.Status);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
        Assert.Equal(Start.AddMinutes(203), resolved.EndsAt);
        Assert.Equal(1, bank.Stats.AnomaliesFired);
        Assert.Equal(1, bank.Stats.AnomaliesResolved);
    }

    [Fact]
    public void Observe_DropThatStays_LevelShiftDown()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions { ShiftSamples = 4 });
        Feed(bank, Cpu, Steady(200));

        // Act: the level falls by 20 and stays there (with noise, so it is not monotone).
        var signals = Feed(bank, Cpu, Steady(10, seed: 3).Select(v => v - 20.0), startMinute: 200);

        // Assert: a spike first, re-described as a level shift once it lasted.
        var firing = signals.Where(s => s.IsFiring).ToList();
        Assert.Equal(["spike", "level_shift"], firing.Select(s => s.Annotations.GetValueOrDefault("kind")));
        Assert.All(firing, s => Assert.Equal("down", s.Annotations.GetValueOrDefault("direction")));
        Assert.Single(signals.Select(s => s.Fingerprint).Distinct());
    }

    [Fact]
    public void Observe_SteadyClimb_Trend()
    {
        var bank = new DetectorBank(new BankOptions { ShiftSamples = 4 });
        Feed(bank, Cpu, Steady(200));

        var signals = Feed(bank, Cpu, Enumerable.Range(1, 8).Select(i => 55.0 + (5.0 * i)), startMinute: 200);

        var last = signals.Last(s => s.IsFiring);
        Assert.Equal("trend", last.Annotations.GetValueOrDefault("kind"));
        Assert.Equal("up", last.Annotations.GetValueOrDefault("direction"));
    }

    [Fact]
    public void Observe_OutOfOrderAndNaN_CountedAndSkipped()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions());
        var signals = new List<Signal>();

        // Act
        bank.Observe(new MetricSample(Cpu, Start.AddMinutes(2), 1.0), signals);
        bank.Observe(new MetricSample(Cpu, Start.AddMinutes(1), 1.0), signals);
        bank.Observe(new MetricSample(Cpu, Start.AddMinutes(2), 1.0), signals);
        bank.Observe(new MetricSample(Cpu, Start.AddMinutes(3), double.NaN), signals);
        bank.Observe(new MetricSample(Cpu, Start.AddMinutes(4), double.PositiveInfinity), signals);

        // Assert
        Assert.Equal(5, bank.Stats.Samples);
        Assert.Equal(1, bank.Stats.Scored);
        Assert.Equal(2, bank.Stats.OutOfOrder);
        Assert.Equal(2, bank.Stats.NonFinite);
    }

    [Fact]
    public void Observe_MoreSeriesThanTheLimit_RefusedAndCounted()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions { MaxSeries = 3 });
        var signals = new List<Signal>();

        // Act
        for (int i = 0; i < 5; i++)
        {
            bank.Observe(new MetricSample(new SeriesKey("m", LabelSet.From(("host", "h" + i)), "v"), Start, 1.0), signals);
        }

        // Assert
        Assert.Equal(3, bank.SeriesCount);
        Assert.Equal(2, bank.Stats.SeriesRefused);
    }

    [Fact]
    public void Observe_SeriesIdleBeyondTimeout_EvictedAndItsAnomalyResolved()
    {
        // Arrange: cpu fires, then only another series keeps reporting.
        var bank = new DetectorBank(new BankOptions { IdleTimeout = TimeSpan.FromMinutes(30) });
        Feed(bank, Cpu, Steady(100));
        var fired = Feed(bank, Cpu, [500.0], startMinute: 100);
        var other = new SeriesKey("mem", LabelSet.Empty, "used");

        // Act
        var signals = Feed(bank, other, Steady(60), startMinute: 101);

        // Assert
        Assert.Single(fired);
        var resolved = Assert.Single(signals);
        Assert.Equal(SignalStatus.Resolved, resolved.Status);
        Assert.Equal(fired[0].Fingerprint, resolved.Fingerprint);
        Assert.Equal("series went idle", resolved.Annotations.GetValueOrDefault("resolution"));
        Assert.Equal(Start.AddMinutes(100), resolved.EndsAt);
        Assert.Equal(1, bank.Stats.SeriesEvicted);
        Assert.Equal(1, bank.SeriesCount);
    }

    [Fact]
    public void Observe_Rules_FirstMatchingPatternChoosesTheDetector()
    {
        // Arrange
        var options = new BankOptions
        {
            Rules =
            [
                new BankRule { Measurement = "disk*", Field = "*", Detector = BankDetectors.None },
                new BankRule { Measurement = "cpu", Field = "usage_?ser", Detector = DetectorCatalog.IidSpike, Threshold = 0.99 },
            ],
        };
        var bank = new DetectorBank(options);
        var signals = new List<Signal>();

        // Act
        bank.Observe(new MetricSample(new SeriesKey("diskio", LabelSet.Empty, "reads"), Start, 1.0), signals);
        Feed(bank, Cpu, Steady(50));
        var spike = Feed(bank, Cpu, [400.0], startMinute: 50);

        // Assert
        Assert.Equal(1, bank.Stats.Unwatched);
        Assert.Equal(DetectorCatalog.IidSpike, Assert.Single(spike).Annotations.GetValueOrDefault("detector"));
    }

    [Fact]
    public void Constructor_UnknownDetector_ErrorNamesTheRule()
    {
        var options = new BankOptions { Rules = [new BankRule(), new BankRule { Detector = "psychic" }] };

        var error = Assert.Throws<ArgumentException>(() => new DetectorBank(options));

        Assert.Contains("Detection:Bank:Rules:1:Detector", error.Message, StringComparison.Ordinal);
        Assert.Contains("psychic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsOf_TagNamedMeasurement_Renamed()
    {
        var labels = DetectorBank.LabelsOf(new SeriesKey("m", LabelSet.From(("measurement", "x")), "f"));

        Assert.Equal("m", labels.GetValueOrDefault("measurement"));
        Assert.Equal("x", labels.GetValueOrDefault("tag_measurement"));
    }

    [Fact]
    public void Fingerprint_SeriesDifferingOnlyByField_Differ()
    {
        // Arrange
        var bank = new DetectorBank(new BankOptions());
        var other = new SeriesKey("cpu", Cpu.Tags, "usage_system");
        Feed(bank, Cpu, Steady(100));
        Feed(bank, other, Steady(100));

        // Act
        var first = Feed(bank, Cpu, [500.0], startMinute: 100);
        var second = Feed(bank, other, [500.0], startMinute: 100);

        // Assert
        Assert.NotEqual(Assert.Single(first).Fingerprint, Assert.Single(second).Fingerprint);
    }
}
