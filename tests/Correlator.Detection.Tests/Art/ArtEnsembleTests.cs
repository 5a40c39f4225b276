using Correlator.Detection.Art;
using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Art;

public sealed class ArtEnsembleTests
{
    private static readonly ArtDetectorOptions Network = new() { Features = 2, BlockLength = 4, LearningPeriod = 200 };

    // Three networks at 0.73 / 0.75 / 0.77, two votes within 50 values, novelties counted after 500 quiet values.
    private static readonly ArtEnsembleOptions Small = new() { Network = Network, Networks = 3, Votes = 2, VoteSpan = 50, QuietLength = 500 };

    // A sine between 9 and 11, then the same sine 3 ranges higher from shiftAt on.
    private static double[] SineShiftedAt(int length, int shiftAt) =>
        [.. Enumerable.Range(0, length).Select(i => 10.0 + Math.Sin(2.0 * Math.PI * i / 25.0) + (i >= shiftAt ? 6.0 : 0.0))];

    private static List<int> Alarms(ArtEnsemble ensemble, IReadOnlyList<double> values)
    {
        var alarms = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (ensemble.Present(DateTimeOffset.UnixEpoch.AddMinutes(i), values[i]))
            {
                alarms.Add(i);
            }
        }

        return alarms;
    }

    [Fact]
    public void Present_MoveToANewLevelAfterAQuietStretch_AlarmsOnlyWhereItStarts()
    {
        var alarms = Alarms(new ArtEnsemble(Small), SineShiftedAt(2000, 1500));

        // Each network founds its category within the first window after the move (the detector's suppression
        // turns the few alarms there into one); nothing before it, nothing once the new level is learnt.
        Assert.NotEmpty(alarms);
        Assert.All(alarms, a => Assert.InRange(a, 1500, 1500 + (Network.Features * Network.BlockLength)));
    }

    [Fact]
    public void Present_NoveltySoonAfterTheLearningPeriod_IsNotCountedUntilTheNetworksWereQuiet()
    {
        // The move comes 100 values after the learning period: the networks are still "learning" the series.
        var values = SineShiftedAt(1200, 300);

        var quiet = Alarms(new ArtEnsemble(Small), values);
        var counted = Alarms(new ArtEnsemble(Small with { QuietLength = 0 }), values);

        Assert.Empty(quiet);
        Assert.NotEmpty(counted);
        Assert.InRange(counted[0], 300, 300 + (Network.Features * Network.BlockLength));
    }

    [Fact]
    public void Present_FewerNetworksFindItNewThanTheVotesNeeded_NoAlarm()
    {
        // Vigilances 0.05 / 0.5 / 0.95: at 0.05 every input matches a category, so at most two networks vote.
        var wide = Small with { Network = Network with { Vigilance = 0.5 }, VigilanceStep = 0.45 };
        var values = SineShiftedAt(2000, 1500);

        var two = new ArtEnsemble(wide);
        var twoAlarms = Alarms(two, values);
        var three = Alarms(new ArtEnsemble(wide with { Votes = 3 }), values);

        Assert.NotEmpty(twoAlarms);
        Assert.Empty(three);
    }

    [Fact]
    public void Present_NonFiniteValues_NeitherAlarmNorShiftTheQuietStretch()
    {
        var values = SineShiftedAt(2000, 1500);
        var withGaps = new List<double>();
        for (var i = 0; i < values.Length; i++)
        {
            withGaps.Add(values[i]);
            if (i % 40 == 0)
            {
                withGaps.Add(double.NaN);
            }
        }

        var clean = Alarms(new ArtEnsemble(Small), values);
        var gapped = Alarms(new ArtEnsemble(Small), withGaps);

        Assert.Equal(clean.Select(i => values[i]), gapped.Select(i => withGaps[i]));
    }

    [Theory]
    [InlineData(nameof(ArtEnsembleOptions.Networks))]
    [InlineData(nameof(ArtEnsembleOptions.VigilanceStep))]
    [InlineData(nameof(ArtEnsembleOptions.QuietLength))]
    [InlineData(nameof(ArtEnsembleOptions.Votes))]
    [InlineData(nameof(ArtEnsembleOptions.VoteSpan))]
    [InlineData(nameof(ArtDetectorOptions.Vigilance))]
    public void Constructor_InvalidOption_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(ArtEnsembleOptions.Networks) => new ArtEnsembleOptions { Networks = 0, Votes = 1 },
            nameof(ArtEnsembleOptions.VigilanceStep) => new ArtEnsembleOptions { VigilanceStep = 0.2 },
            nameof(ArtEnsembleOptions.QuietLength) => new ArtEnsembleOptions { QuietLength = -1 },
            nameof(ArtEnsembleOptions.Votes) => new ArtEnsembleOptions { Votes = 6 },
            nameof(ArtEnsembleOptions.VoteSpan) => new ArtEnsembleOptions { VoteSpan = -1 },
            _ => new ArtEnsembleOptions { Network = new ArtDetectorOptions { Vigilance = 0.0 } },
        };

        var error = Assert.Throws<ArgumentException>(() => new ArtEnsemble(options));
        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);

        var inDetector = Assert.Throws<ArgumentException>(() => new CorrelatorDetector(new CorrelatorDetectorOptions { Art = options }));
        Assert.StartsWith(name, inDetector.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrelatorDetector_Default_HasTheEnsembleOff()
    {
        // Off since the integrator's check of 2026-12-06: on top of the seasonal member it lowers half B of NAB on all
        // three profiles at every neighbouring setting (docs/detection.md, "NAB, eighth slice, ART and earliness").
        Assert.Null(new CorrelatorDetectorOptions().Art);
    }
}
