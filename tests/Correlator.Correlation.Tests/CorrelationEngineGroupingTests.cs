using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class CorrelationEngineGroupingTests
{
    [Fact]
    public void Process_TwoServices_TwoIncidents()
    {
        // Arrange
        var driver = new EngineDriver();

        // Act
        driver.Feed(Some.Alert(service: "checkout", at: 0), Some.Alert(service: "payments", at: 10));

        // Assert
        Assert.Equal(["service=checkout", "service=payments"], driver.Incidents.Select(i => i.GroupKey));
        Assert.Equal(["HighLatency on checkout", "HighLatency on payments"], driver.Incidents.Select(i => i.Title));
        Assert.Equal(2, driver.Stats.IncidentsOpened);
        Assert.Equal(2, driver.Engine.OpenIncidentCount);
        Assert.Equal(2, driver.Changes.LastIncidentId);
    }

    [Fact]
    public void Process_SameServiceWithinWindow_OneIncidentWithTwoLinks()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", resource: "web-1", at: 0);
        var second = Some.Alert(name: "ErrorRate", resource: "web-2", at: 60);

        // Act
        driver.Feed(first, second);

        // Assert
        var incident = Assert.Single(driver.Incidents);
        Assert.Equal(
            [
                new SignalLink(first.Fingerprint, Some.At(0), "group service=checkout: first firing signal"),
                new SignalLink(second.Fingerprint, Some.At(60), "group service=checkout: joined incident 1 within window 00:05:00"),
            ],
            incident.Links);
        Assert.Equal(1, driver.State(second).IncidentId);
        Assert.Equal(1, driver.Stats.SignalsAttached);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(119)]   // "service=" + 119 characters: the longest key found from the stack buffer
    [InlineData(120)]   // one more: the key is made as a string to look it up
    [InlineData(400)]
    public void Process_SameServiceOfAnyLength_JoinsTheIncidentOfItsKey(int length)
    {
        var service = new string('s', length);
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(name: "HighLatency", service: service, resource: "web-1", at: 0), Some.Alert(name: "ErrorRate", service: "other", at: 10), Some.Alert(name: "ErrorRate", service: service, resource: "web-2", at: 20));

        Assert.Equal([("service=" + service, 2), ("service=other", 1)], driver.Incidents.Select(i => (i.GroupKey, i.Links.Count)));
        Assert.Equal($"group service={service}: joined incident 1 within window 00:05:00", driver.Incidents[0].Links[1].Rule);
    }

    [Fact]
    public void Process_SameServiceLongAfterWhileFirstStillFires_Joins()
    {
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(name: "HighLatency", at: 0), Some.Alert(name: "ErrorRate", at: 5_000));

        Assert.Equal(2, Assert.Single(driver.Incidents).Links.Count);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(610)]
    public void Process_NewSignalAfterIncidentResolved_OpensNewIncidentAndLeavesTheResolvedOneAlone(int secondAt)
    {
        // Arrange: the first signal clears at 10 s; the incident resolves (as of 10 s) once 130 s is passed.
        // A different signal of the same group must not be absorbed by the resolved incident (issue 6).
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", at: 0);
        var second = Some.Alert(name: "ErrorRate", at: secondAt);

        // Act
        driver.Feed(first, Some.Resolved(first, 10), second);

        // Assert
        Assert.Equal(2, driver.Incidents.Count);
        var resolved = driver.Incident(1);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Single(resolved.Links);
        var opened = driver.Incident(2);
        Assert.Equal(IncidentState.New, opened.State);
        Assert.Equal(second.Fingerprint, Assert.Single(opened.Links).Fingerprint);
        Assert.Equal(1, driver.Stats.IncidentsResolved);
        Assert.Equal(0, driver.Stats.IncidentsReopened);
    }

    [Fact]
    public void Process_SameServiceAfterReopenWindow_OpensNewIncident()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", at: 0);

        // Act: resolved as of 10 s, reopen window ends at 610 s.
        driver.Feed(first, Some.Resolved(first, 10), Some.Alert(name: "ErrorRate", at: 611));

        // Assert
        Assert.Equal([IncidentState.Resolved, IncidentState.New], driver.Incidents.Select(i => i.State));
        Assert.Equal(["service=checkout", "service=checkout"], driver.Incidents.Select(i => i.GroupKey));
        Assert.Equal(0, driver.Stats.IncidentsReopened);
    }

    [Fact]
    public void Process_ClearedButNotYetQuietPastWindow_OpensSecondIncident()
    {
        // Arrange: a window shorter than the quiet period leaves a gap where the old incident is neither joinable nor resolved.
        var options = new CorrelationOptions { Window = TimeSpan.FromMinutes(1), QuietPeriod = TimeSpan.FromMinutes(5) };
        var driver = new EngineDriver(options);
        var first = Some.Alert(name: "HighLatency", at: 0);

        // Act
        driver.Feed(first, Some.Resolved(first, 10), Some.Alert(name: "ErrorRate", at: 200));
        driver.AdvanceTo(310);

        // Assert
        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);
        Assert.Equal(Some.At(10), driver.Incident(1).ResolvedAt);
        Assert.Equal(IncidentState.New, driver.Incident(2).State);
    }

    [Fact]
    public void Process_NewerIncidentOfGroupClosedWhileOlderReopened_JoinsTheOlder()
    {
        // Arrange: a short window lets B open incident 2 beside quiet incident 1; A then reopens 1,
        // and 2 closes (at 710 s) while 1 is still firing.
        var options = new CorrelationOptions
        {
            Window = TimeSpan.FromMinutes(1),
            QuietPeriod = TimeSpan.FromMinutes(5),
            ReopenWindow = TimeSpan.FromMinutes(10),
            AutoCloseAfter = TimeSpan.FromMinutes(10),
        };
        var driver = new EngineDriver(options);
        var a = Some.Alert(name: "A", at: 0);
        var b = Some.Alert(name: "B", at: 100);
        driver.Feed(a, Some.Resolved(a, 10), b, Some.Resolved(b, 110), Some.Alert(name: "A", at: 600));

        // Act
        driver.Feed(Some.Alert(name: "C", at: 720));

        // Assert
        Assert.Equal(IncidentState.Closed, driver.Incident(2).State);
        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal(2, driver.Incident(1).Links.Count);
        Assert.Equal(IncidentState.New, driver.Incident(1).State);
    }

    [Fact]
    public void Process_GroupByLabel_GroupsAcrossServicesByThatLabel()
    {
        // Arrange
        var driver = new EngineDriver(new CorrelationOptions { GroupBy = ["team"] });

        // Act
        driver.Feed(
            Some.WithLabels(Some.Alert(service: "checkout", at: 0), ("team", "shop")),
            Some.WithLabels(Some.Alert(service: "payments", at: 10), ("team", "shop")),
            Some.WithLabels(Some.Alert(service: "search", at: 20), ("team", "data")));

        // Assert
        Assert.Equal(["team=shop", "team=data"], driver.Incidents.Select(i => i.GroupKey));
        Assert.Equal([2, 1], driver.Incidents.Select(i => i.Links.Count));
    }

    [Theory]
    [InlineData(new[] { "service", "name" }, "service=checkout,name=HighLatency")]
    [InlineData(new[] { "service", "team", "name" }, "service=checkout,team=,name=HighLatency")]
    [InlineData(new[] { "team", "service" }, "team=,service=checkout")]
    [InlineData(new[] { "team", "env" }, "resource=web-1")]
    [InlineData(new[] { "resource" }, "resource=web-1")]
    [InlineData(new[] { "source" }, "source=test")]
    [InlineData(new[] { "service", "team" }, "service=checkout,team=")]
    [InlineData(new[] { "instance" }, "instance=web-1")]
    public void Process_GroupByFields_KeyNamesEachField(string[] groupBy, string expectedKey)
    {
        var driver = new EngineDriver(new CorrelationOptions { GroupBy = groupBy });

        driver.Feed(Some.Alert(at: 0));

        Assert.Equal(expectedKey, driver.Incident(1).GroupKey);
    }

    [Fact]
    public void Process_NoServiceButResource_GroupsByResource()
    {
        // Arrange
        var driver = new EngineDriver();

        // Act
        driver.Feed(Some.Alert(name: "DiskFull", service: null, resource: "db-1", at: 0), Some.Alert(name: "HighLoad", service: null, resource: "db-1", at: 10));

        // Assert
        var incident = Assert.Single(driver.Incidents);
        Assert.Equal("resource=db-1", incident.GroupKey);
        Assert.Equal("DiskFull", incident.Title);
        Assert.Equal(2, incident.Links.Count);
    }

    [Fact]
    public void Process_NeitherServiceNorResource_EachConditionAlone()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(name: "DiskFull", service: null, resource: null, at: 0);
        var second = Some.Alert(name: "HighLoad", service: null, resource: null, at: 10);

        // Act
        driver.Feed(first, second);

        // Assert
        Assert.Equal(["fingerprint=" + first.Fingerprint, "fingerprint=" + second.Fingerprint], driver.Incidents.Select(i => i.GroupKey));
    }

    [Fact]
    public void Process_ResourceNamedLikeAServiceSeenBefore_CountsAsAResource()
    {
        // "checkout" is first only the signals' service, then also a resource: impact counts it once it is one.
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(name: "A", resource: "web-1", at: 0), Some.Alert(name: "B", resource: "checkout", at: 10), Some.Alert(name: "C", resource: "checkout", at: 20));

        var incident = Assert.Single(driver.Incidents);
        Assert.Equal((3, Impact.Medium), (incident.Links.Count, incident.Impact));
    }

    [Theory]
    [InlineData(Severity.Critical, 5, Impact.High, Urgency.High, Priority.P1)]
    [InlineData(Severity.Critical, 6, Impact.High, Urgency.High, Priority.P1)]
    [InlineData(Severity.Critical, 4, Impact.Medium, Urgency.High, Priority.P2)]
    [InlineData(Severity.Critical, 2, Impact.Medium, Urgency.High, Priority.P2)]
    [InlineData(Severity.Critical, 1, Impact.Low, Urgency.High, Priority.P3)]
    [InlineData(Severity.Major, 5, Impact.High, Urgency.Medium, Priority.P2)]
    [InlineData(Severity.Major, 1, Impact.Low, Urgency.Medium, Priority.P4)]
    [InlineData(Severity.Minor, 2, Impact.Medium, Urgency.Medium, Priority.P3)]
    [InlineData(Severity.Warning, 5, Impact.High, Urgency.Low, Priority.P3)]
    [InlineData(Severity.Warning, 2, Impact.Medium, Urgency.Low, Priority.P4)]
    [InlineData(Severity.Warning, 1, Impact.Low, Urgency.Low, Priority.P4)]
    [InlineData(Severity.Info, 5, Impact.High, Urgency.Low, Priority.P3)]
    public void Process_SeverityOnDistinctResources_PriorityFromMatrix(Severity severity, int resources, Impact expectedImpact, Urgency expectedUrgency, Priority expectedPriority)
    {
        // Arrange
        var driver = new EngineDriver();
        var signals = Enumerable.Range(1, resources).Select(i => Some.Alert(resource: $"web-{i}", severity: severity, at: i));

        // Act
        driver.Feed(signals);

        // Assert
        var incident = Assert.Single(driver.Incidents);
        Assert.Equal(severity, incident.Severity);
        Assert.Equal(expectedImpact, incident.Impact);
        Assert.Equal(expectedUrgency, incident.Urgency);
        Assert.Equal(expectedPriority, incident.Priority);
    }

    [Fact]
    public void Process_CriticalSpreadingToFiveResources_OneDatedLinePerPriorityStep()
    {
        // Arrange
        var driver = new EngineDriver();

        // Act
        driver.Feed(Enumerable.Range(1, 5).Select(i => Some.Alert(resource: $"web-{i}", severity: Severity.Critical, at: i * 10)));

        // Assert: P4 -> P3 on open, P3 -> P2 at two resources, P2 -> P1 at five.
        var lines = driver.Incident(1).Timeline.Where(l => l.Kind == TimelineEntryKind.PriorityChanged).ToList();
        Assert.Equal([Some.At(10), Some.At(20), Some.At(50)], lines.Select(l => l.At));
        Assert.StartsWith("Priority P2 -> P1 (impact High, urgency High): worst severity critical, 5 resource(s) affected", lines[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_TwoConditionsOnOneResource_CountsTheResourceOnce()
    {
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(name: "A", resource: "web-1", severity: Severity.Critical, at: 0), Some.Alert(name: "B", resource: "web-1", at: 10));

        Assert.Equal(Impact.Low, driver.Incident(1).Impact);
        Assert.Equal(Priority.P3, driver.Incident(1).Priority);
    }

    [Fact]
    public void Process_WorseSignalJoins_RaisesUrgencyAndPriority()
    {
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(name: "A", resource: "web-1", at: 0), Some.Alert(name: "B", resource: "web-2", severity: Severity.Critical, at: 10));

        var incident = driver.Incident(1);
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.Equal(Urgency.High, incident.Urgency);
        Assert.Equal(Priority.P2, incident.Priority);
    }
}
