using Correlator.Correlation.RootCause;
using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.RootCause;

public sealed class SignalPeaksTests
{
    private static readonly TopologyGraph Unrelated = new([("cache", "disk"), ("queue", "broker")]);

    private static Signal On(string component, int at, double? score, SignalStatus status = SignalStatus.Firing) =>
        Some.Alert(name: "Anomaly", service: component, resource: component, at: at, status: status, startedAt: 0) with { Score = score };

    private static SignalState State(Signal latest, long? incident = 1) => new(latest, Some.At(0), latest.EventTime, 1, incident);

    // The states one signal went through in incident 1, in order, and the evidence its component should show.
    public static TheoryData<string, double?[], SignalStatus, double> Lives => new()
    {
        { "resolved after a strong start keeps the peak", [0.9, 0.1], SignalStatus.Resolved, 0.9 },
        { "fading while firing keeps the peak", [0.3, 0.8, 0.4], SignalStatus.Firing, 0.8 },
        { "rising while firing takes the latest", [0.2, 0.6], SignalStatus.Firing, 0.6 },
        { "a single reading is itself", [0.5], SignalStatus.Firing, 0.5 },
        { "an alert without score: its severity (Warning over Critical)", [null, null], SignalStatus.Resolved, 0.25 },
    };

    [Theory]
    [MemberData(nameof(Lives))]
    public void From_WithPeaks_ASignalCountsTheStrongestItWasWhileFiring(string because, double?[] scores, SignalStatus last, double expected)
    {
        var peaks = new SignalPeaks();
        for (int i = 0; i < scores.Length; i++)
        {
            var status = i == scores.Length - 1 ? last : SignalStatus.Firing;
            peaks.Observe(State(On("cache", i * 10, scores[i], status)));
        }

        var latest = State(On("cache", (scores.Length - 1) * 10, scores[^1], last));
        var evidence = Assert.Single(RootCauseEvidence.From([latest], 1, Unrelated, peaks));

        Assert.True(Math.Abs(expected - evidence.MaxScore) < 1e-9, $"{because}: expected {expected}, got {evidence.MaxScore}");
    }

    // What one observed state leaves as the peak of (incident 1, its fingerprint).
    public static TheoryData<string, SignalStatus, long?, double?> Observations => new()
    {
        { "firing and linked: counted", SignalStatus.Firing, 1, 0.7 },
        { "resolved: the recovery is not evidence", SignalStatus.Resolved, 1, null },
        { "firing but in no incident: not linked yet", SignalStatus.Firing, null, null },
        { "firing in another incident: not this one's", SignalStatus.Firing, 2, null },
    };

    [Theory]
    [MemberData(nameof(Observations))]
    public void Observe_OnlyFiringLinkedStatesCount(string because, SignalStatus status, long? incident, double? expected)
    {
        var peaks = new SignalPeaks();
        var signal = On("cache", 0, 0.7, status);

        peaks.Observe(State(signal, incident));

        Assert.True(expected == peaks.PeakOf(1, signal.Fingerprint), because);
    }

    [Fact]
    public void From_WithoutPeaks_TheLatestValueAsBefore()
    {
        var resolved = State(On("cache", 10, 0.1, SignalStatus.Resolved));

        Assert.Equal(0.1, Assert.Single(RootCauseEvidence.From([resolved], 1, Unrelated)).MaxScore);
    }

    [Fact]
    public void Forget_DropsOnlyThatIncident()
    {
        var peaks = new SignalPeaks();
        var signal = On("cache", 0, 0.7);
        peaks.Observe(State(signal, 1));
        peaks.Observe(State(signal, 2));

        peaks.Forget(1);

        Assert.Null(peaks.PeakOf(1, signal.Fingerprint));
        Assert.Equal(0.7, peaks.PeakOf(2, signal.Fingerprint));
    }

    [Fact]
    public void RankRootCauses_ASignalThatResolved_StillLeadsWithPeaks()
    {
        // Two unrelated components grouped into one incident by signal name, same onset: the strength decides. The
        // cache fired at 0.9 and recovered (its clear reads 0.1); the queue still fires at 0.5.
        var driver = new EngineDriver(new CorrelationOptions { GroupBy = ["name"] }, topology: Unrelated);
        var peaks = new SignalPeaks();
        foreach (var signal in new[] { On("cache", 0, 0.9), On("queue", 0, 0.5), On("cache", 30, 0.1, SignalStatus.Resolved) })
        {
            driver.Feed(signal);
            peaks.Observe(driver.Changes);
        }

        var id = Assert.Single(driver.Incidents).Id;

        Assert.Equal("queue", driver.Engine.RankRootCauses(id)[0].Component);
        Assert.Equal("cache", driver.Engine.RankRootCauses(id, peaks: peaks)[0].Component);
    }
}
