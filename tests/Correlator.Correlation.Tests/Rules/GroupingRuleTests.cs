using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Rules;

public sealed class GroupingRuleTests
{
    private const string PerService = """
        grouping:
          - name: per-service
            by: [service]
            window: 5m
            max_lifetime: 1h
        """;

    [Fact]
    public void Process_RuleMatches_KeyAndLinksNameTheRule()
    {
        var driver = EngineDriver.WithRules(PerService);
        var first = Some.Alert(name: "A", at: 0);
        var second = Some.Alert(name: "B", at: 60);

        driver.Feed(first, second);

        var incident = Assert.Single(driver.Incidents);
        Assert.Equal("per-service:service=checkout", incident.GroupKey);
        Assert.Equal("group per-service:service=checkout: first firing signal", incident.Links[0].Rule);
        Assert.Equal("group per-service:service=checkout: joined incident 1 within window 00:05:00", incident.Links[1].Rule);
    }

    [Fact]
    public void Process_RuleDoesNotMatch_DefaultGroupingApplies()
    {
        var driver = EngineDriver.WithRules("grouping:\n  - name: only-db\n    match: {service: db}\n    by: [resource]\n");

        driver.Feed(Some.Alert(service: "checkout", at: 0));

        Assert.Equal("service=checkout", Assert.Single(driver.Incidents).GroupKey);
    }

    // Lifetime cap 1 h (3,600 s): the group keeps firing, so without the cap everything would pile into one incident.
    [Theory]
    [InlineData(3_000, 1)]
    [InlineData(3_600, 1)]
    [InlineData(3_601, 2)]
    [InlineData(7_000, 2)]
    public void Process_SignalAfterLifetimeCap_OpensNewIncident(int at, int expectedIncidents)
    {
        var driver = EngineDriver.WithRules(PerService);

        driver.Feed(Some.Alert(name: "A", at: 0), Some.Alert(name: "B", at: at));

        Assert.Equal(expectedIncidents, driver.Incidents.Count);
        Assert.Equal(expectedIncidents == 2, driver.Incident(1).Timeline.Any(t => t.Kind == TimelineEntryKind.Note && t.Text.StartsWith("Lifetime cap 01:00:00 of rule per-service reached", StringComparison.Ordinal)));
    }

    // min_occurrences 3: the third notification within 5 minutes opens the incident, not before.
    [Theory]
    [InlineData(new[] { 0 }, 0)]
    [InlineData(new[] { 0, 60 }, 0)]
    [InlineData(new[] { 0, 60, 120 }, 1)]
    [InlineData(new[] { 0, 400, 800 }, 0)]
    [InlineData(new[] { 0, 400, 500, 600 }, 1)]
    public void Process_MinOccurrences_OpensOnlyOnceReachedWithinWindow(int[] times, int expectedIncidents)
    {
        var driver = EngineDriver.WithRules("grouping:\n  - name: noisy\n    by: [service]\n    window: 5m\n    min_occurrences: 3\n");

        driver.Feed(times.Select(t => Some.Alert(name: "Disk", at: t)));

        Assert.Equal(expectedIncidents, driver.Incidents.Count);
        Assert.Equal(times.Length - expectedIncidents, driver.Stats.Pending);
    }

    [Fact]
    public void Process_MinSignals_HeldSignalsAllLinkedWhenTheIncidentOpens()
    {
        var driver = EngineDriver.WithRules("grouping:\n  - name: pair\n    by: [service]\n    window: 5m\n    min_signals: 2\n");
        var a = Some.Alert(name: "A", at: 0);
        var aAgain = Some.Alert(name: "A", at: 30);
        var b = Some.Alert(name: "B", at: 60);

        driver.Feed(a, aAgain);
        Assert.Empty(driver.Incidents);
        driver.Feed(b);

        var incident = Assert.Single(driver.Incidents);
        Assert.Equal([a.Fingerprint, b.Fingerprint], incident.Links.Select(l => l.Fingerprint));
        Assert.StartsWith("group pair:service=checkout: opened once 3 occurrence(s) of 2 signal(s)", incident.Links[0].Rule, StringComparison.Ordinal);
        Assert.StartsWith("group pair:service=checkout: held until", incident.Links[1].Rule, StringComparison.Ordinal);
        Assert.Equal(1, driver.State(a).IncidentId);
        Assert.Equal(2, driver.State(a).Occurrences);
    }

    [Fact]
    public void Process_HeldSignalClears_NoLongerCounts()
    {
        var driver = EngineDriver.WithRules("grouping:\n  - name: pair\n    by: [service]\n    min_signals: 2\n");
        var a = Some.Alert(name: "A", at: 0);

        driver.Feed(a, Some.Resolved(a, 10), Some.Alert(name: "B", at: 20));

        Assert.Empty(driver.Incidents);
    }

    [Fact]
    public void Process_ResolvedIncident_DoesNotAbsorbNewSignalsButTakesBackItsOwn()
    {
        var driver = EngineDriver.WithRules(PerService);
        var a = Some.Alert(name: "A", at: 0);

        // A clears; the incident resolves after the quiet period (2 min); B is new, A comes back.
        driver.Feed(a, Some.Resolved(a, 10));
        driver.AdvanceTo(200);
        driver.Feed(Some.Alert(name: "B", at: 210), Some.Alert(name: "A", at: 220));

        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal([a.Fingerprint], driver.Incident(1).Links.Select(l => l.Fingerprint));
        Assert.Equal(IncidentState.New, driver.Incident(1).State);
        Assert.Equal(1, driver.Stats.IncidentsReopened);
        Assert.Single(driver.Incident(2).Links);
    }
}
