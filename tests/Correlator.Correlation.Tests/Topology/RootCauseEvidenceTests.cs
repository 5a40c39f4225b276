using Correlator.Correlation.RootCause;
using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Topology;

public sealed class RootCauseEvidenceTests
{
    private static readonly TopologyGraph Shop = new([("frontend", "checkout"), ("checkout", "payment"), ("payment", "db"), ("frontend", "cart"), ("cart", "redis")]);

    private static Signal On(string service, int at, double? score = null) =>
        Some.Alert(name: "Anomaly", service: service, resource: service + "-pod", at: at) with { Score = score };

    [Fact]
    public void From_TheEngineSignals_RanksAsTheEngine()
    {
        var driver = EngineDriver.WithRules("topology:\n  hops: 3\n  window: 5m\n", Shop);
        Signal[] signals = [On("payment", 0, 0.7), On("db", 60, 0.9), On("checkout", 120, 0.8), On("frontend", 180, 0.95)];
        driver.Feed(signals);
        var states = signals.Select(driver.State).ToList();

        var evidence = RootCauseEvidence.From(states, 1, Shop);
        var ranking = RootCauseRanker.Rank(evidence, Shop);

        Assert.Equal(["checkout", "db", "frontend", "payment"], evidence.Select(e => e.Component));
        Assert.Equal(["db", "payment", "checkout", "frontend"], ranking.Select(c => c.Component));
        Assert.Equal(driver.Engine.RankRootCauses(1), ranking);
    }

    [Fact]
    public void From_OtherIncidentsSignals_Ignored()
    {
        var db = new SignalState(On("db", 0, 0.9), Some.At(0), Some.At(0), 1, 2);
        var payment = new SignalState(On("payment", 10, 0.5), Some.At(10), Some.At(10), 1, 1);

        Assert.Equal(["payment"], RootCauseEvidence.From([db, payment], 1, Shop).Select(e => e.Component));
    }

    [Fact]
    public void From_SeveralSignalsOnAComponent_EarliestOnsetStrongestScore()
    {
        var first = new SignalState(On("db", 30, 0.2) with { Fingerprint = "a" }, Some.At(30), Some.At(30), 1, 1);
        var second = new SignalState(On("db", 10, 0.8) with { Fingerprint = "b" }, Some.At(40), Some.At(40), 1, 1);

        var evidence = Assert.Single(RootCauseEvidence.From([first, second], 1, Shop));

        Assert.Equal(new ComponentEvidence("db", Some.At(10), 0.8, 2), evidence);
    }

    [Fact]
    public void NeighbourhoodOf_AffectedThenDirectNeighbours_Marked()
    {
        var around = RootCauseEvidence.NeighbourhoodOf(["payment", "db"], Shop, 10);

        Assert.Equal(["db", "payment", "checkout"], around.Nodes.Select(n => n.Component));
        Assert.Equal([true, true, false], around.Nodes.Select(n => n.Affected));
        Assert.Equal(["db"], around.Nodes[1].DependsOn);
        Assert.Equal(["checkout"], around.Nodes[1].Dependents);
        Assert.Empty(around.Nodes[2].DependsOn.Except(["payment"]));
        Assert.False(around.Truncated);
    }

    [Fact]
    public void NeighbourhoodOf_OverTheCap_TruncatedAndEdgesOnlyAmongShown()
    {
        var around = RootCauseEvidence.NeighbourhoodOf(["frontend"], Shop, 2);

        Assert.Equal(["frontend", "cart"], around.Nodes.Select(n => n.Component));
        Assert.Equal(["cart"], around.Nodes[0].DependsOn);
        Assert.True(around.Truncated);
    }
}
