using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Topology;

public sealed class TopologyCorrelationTests
{
    // frontend -> checkout -> payment -> db ; frontend -> cart -> redis (an edge points at what its source depends on)
    private static readonly TopologyGraph Shop = new([("frontend", "checkout"), ("checkout", "payment"), ("payment", "db"), ("frontend", "cart"), ("cart", "redis")]);

    private static EngineDriver Driver(int hops, CorrelationOptions? options = null) => EngineDriver.WithRules($"topology:\n  hops: {hops}\n  window: 5m\n", Shop, options);

    private static Signal On(string service, int at, string name = "Anomaly", double? score = null) =>
        Some.Alert(name: name, service: service, resource: service + "-pod", at: at) with { Score = score };

    [Theory]
    [InlineData(1, "payment", true)]
    [InlineData(1, "db", false)]
    [InlineData(2, "db", true)]
    [InlineData(2, "redis", false)] // checkout -> frontend -> cart -> redis is 3 hops
    [InlineData(3, "redis", true)]
    [InlineData(0, "payment", false)]
    public void Process_ComponentsWithinHops_JoinOneIncident(int hops, string second, bool joined)
    {
        var driver = Driver(hops);

        driver.Feed(On("checkout", 0), On(second, 30));

        Assert.Equal(joined ? 1 : 2, driver.Incidents.Count);
        Assert.Equal(joined ? 1 : 0, driver.Stats.TopologyJoined);
        if (joined)
        {
            Assert.StartsWith($"topology: {second} is ", driver.Incident(1).Links[1].Rule, StringComparison.Ordinal);
            Assert.Contains("from checkout of incident 1", driver.Incident(1).Links[1].Rule, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(300, 1)]
    [InlineData(320, 2)]
    public void Process_NeighbourAfterTheWindow_OpensItsOwn(int at, int expected)
    {
        // checkout fires and clears at 10 s; its incident (kept open by a long quiet period) saw its last signal at 10 s; the window is 5 min.
        var driver = Driver(1, new CorrelationOptions { QuietPeriod = TimeSpan.FromMinutes(30) });
        var checkout = On("checkout", 0);

        driver.Feed(checkout, Some.Resolved(checkout, 10), On("payment", at));

        Assert.Equal(expected, driver.Incidents.Count);
    }

    [Fact]
    public void Process_ComponentHeldByTwoIncidents_TheEligibleSecondOneIsFound()
    {
        // checkout's own incident is past its window at 400 s, so a signal on a pod named checkout opens a second
        // incident that also holds the component; payment (1 hop from checkout) must find that second one.
        var driver = Driver(1, new CorrelationOptions { QuietPeriod = TimeSpan.FromMinutes(30) });
        var checkout = On("checkout", 0);
        driver.Feed(checkout, Some.Resolved(checkout, 10), Some.Alert(name: "Other", service: "x", resource: "checkout", at: 400));
        Assert.Equal(2, driver.Incidents.Count);

        driver.Feed(On("payment", 420));

        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal(2, driver.Incident(2).Links.Count);
        Assert.Contains("from checkout of incident 2", driver.Incident(2).Links[1].Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_FirstHolderOfAComponentClosed_TheOtherHolderIsStillFound()
    {
        // Incident 1 (checkout) resolves at 70 s and closes at 370 s; incident 2 took the component checkout at 100 s
        // (as a pod name) and still fires. Closing incident 1 must leave incident 2 in the component's index:
        // payment (1 hop from checkout) joins it instead of opening an incident of its own.
        var driver = Driver(1, new CorrelationOptions
        {
            QuietPeriod = TimeSpan.FromMinutes(1),
            ReopenWindow = TimeSpan.FromMinutes(5),
            AutoCloseAfter = TimeSpan.FromMinutes(5),
        });
        var checkout = On("checkout", 0);
        driver.Feed(checkout, Some.Resolved(checkout, 10), Some.Alert(name: "Other", service: "x", resource: "checkout", at: 100));
        driver.AdvanceTo(400);
        Assert.Equal(IncidentState.Closed, driver.Incident(1).State);

        driver.Feed(On("payment", 420));

        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal(2, driver.Incident(2).Links.Count);
        Assert.Contains("from checkout of incident 2", driver.Incident(2).Links[1].Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_TwoCandidateIncidents_NearestWins()
    {
        var driver = Driver(2);
        driver.Feed(On("frontend", 0), On("db", 10));

        // payment is 1 hop from db (incident 2) and 2 hops from frontend (incident 1).
        driver.Feed(On("payment", 20));

        Assert.Equal(2, driver.Incident(2).Links.Count);
        Assert.Single(driver.Incident(1).Links);
    }

    [Fact]
    public void RankRootCauses_CascadeFromTheDatabase_DatabaseFirst()
    {
        var driver = Driver(3);
        driver.Feed(On("db", 0, score: 0.9), On("payment", 60, score: 0.7), On("checkout", 120, score: 0.8), On("frontend", 180, score: 0.95));

        var ranking = driver.Engine.RankRootCauses(1);

        Assert.Equal(["db", "payment", "checkout", "frontend"], ranking.Select(c => c.Component));
        Assert.Equal([1, 2, 3, 4], ranking.Select(c => c.Rank));
        Assert.StartsWith("3 of 3 other affected component(s) depend on it, it depends on 0", ranking[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RankRootCauses_DependencyNoticedLast_PositionOutweighsOnset()
    {
        // The front end alarms first (users notice), the database it depends on only later.
        var driver = Driver(3);
        driver.Feed(On("frontend", 0, score: 0.5), On("checkout", 30, score: 0.5), On("payment", 60, score: 0.5), On("db", 90, score: 0.5));

        Assert.Equal("db", driver.Engine.RankRootCauses(1)[0].Component);
    }

    [Fact]
    public void RankRootCauses_UnrelatedComponents_EarliestOnsetThenScore()
    {
        var driver = EngineDriver.WithRules("grouping:\n  - name: all\n    by: [source]\n");
        driver.Feed(On("x", 0, score: 0.1), On("y", 10, score: 1.0), On("z", 20, score: 0.2));

        var ranking = driver.Engine.RankRootCauses(1);

        // Without topology a component is the resource. x: 0.4*0.5 + 0.3 + 0.02; y: 0.2 + 0.15 + 0.2; z: 0.2 + 0 + 0.04.
        Assert.Equal(["y-pod", "x-pod", "z-pod"], ranking.Select(c => c.Component));
        Assert.Equal(0.55, ranking[0].Score, 3);
    }

    [Fact]
    public void RankRootCauses_UnknownIncident_Empty() => Assert.Empty(Driver(1).Engine.RankRootCauses(42));
}
