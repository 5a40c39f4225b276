using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class CorrelationEngineLifecycleTests
{
    [Theory]
    [InlineData(219, IncidentState.New)]
    [InlineData(220, IncidentState.Resolved)]
    public void AdvanceTo_AllSignalsClearedForQuietPeriod_ResolvesAsOfLastClear(int advanceTo, IncidentState expected)
    {
        // Arrange: the last of two signals clears at 100 s; the quiet period is 2 min.
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", at: 0);
        var second = Some.Alert(name: "ErrorRate", at: 10);
        driver.Feed(first, second, Some.Resolved(first, 50), Some.Resolved(second, 100));

        // Act
        driver.AdvanceTo(advanceTo);

        // Assert
        var incident = driver.Incident(1);
        Assert.Equal(expected, incident.State);
        Assert.Equal(expected == IncidentState.Resolved ? Some.At(100) : null, incident.ResolvedAt);
        Assert.Equal(expected == IncidentState.Resolved ? 1 : 0, driver.Stats.IncidentsResolved);
    }

    [Fact]
    public void Process_LaterSignalElsewhere_AdvancesTimeAndResolves()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(service: "checkout", at: 0);
        driver.Feed(first, Some.Resolved(first, 100));

        // Act
        driver.Feed(Some.Alert(service: "payments", at: 300));

        // Assert
        var incident = driver.Incident(1);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(Some.At(100), incident.ResolvedAt);
        Assert.Equal(new TimelineEntry(Some.At(100), TimelineEntryKind.StateChanged, "Resolved: all 1 signal(s) resolved and quiet for 00:02:00"), incident.Timeline[^1]);
        Assert.Equal(Some.At(300), driver.Changes.Watermark);
    }

    [Theory]
    [InlineData(179, IncidentState.New)]
    [InlineData(180, IncidentState.Resolved)]
    public void AdvanceTo_LastClearArrivesLateWithOlderTime_QuietFromTheLatestClear(int advanceTo, IncidentState expected)
    {
        // Arrange: B fired 50-60 s, so the incident was not quiet from A's clear at 30 s.
        var driver = new EngineDriver();
        var a = Some.Alert(name: "A", at: 0);
        var b = Some.Alert(name: "B", at: 50);
        driver.Feed(a, b, Some.Resolved(b, 60), Some.Resolved(a, 30));

        // Act
        driver.AdvanceTo(advanceTo);

        // Assert
        Assert.Equal(expected, driver.Incident(1).State);
        Assert.Equal(expected == IncidentState.Resolved ? Some.At(60) : null, driver.Incident(1).ResolvedAt);
    }

    [Fact]
    public void AdvanceTo_OneSignalStillFiring_StaysOpen()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", at: 0);
        driver.Feed(first, Some.Alert(name: "ErrorRate", at: 10), Some.Resolved(first, 50));

        // Act
        driver.AdvanceTo(100_000);

        // Assert
        var incident = driver.Incident(1);
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(0, driver.Stats.IncidentsResolved);
        Assert.Equal(1, driver.Engine.OpenIncidentCount);
    }

    [Fact]
    public void AdvanceTo_SignalJoinedDuringQuietPeriod_ResolvesOnlyAfterItClears()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(name: "HighLatency", at: 0);
        var second = Some.Alert(name: "ErrorRate", at: 60);
        driver.Feed(first, Some.Resolved(first, 10), second);
        driver.AdvanceTo(200);
        Assert.Equal(IncidentState.New, driver.Incident(1).State);

        // Act
        driver.Feed(Some.Resolved(second, 300));
        driver.AdvanceTo(420);

        // Assert
        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);
        Assert.Equal(Some.At(300), driver.Incident(1).ResolvedAt);
    }

    [Fact]
    public void Process_RefireWithinReopenWindow_ReopensSameIncident()
    {
        // Arrange: resolved as of 10 s.
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));
        driver.AdvanceTo(200);
        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);

        // Act
        driver.Feed(Some.Alert(at: 300));

        // Assert
        var incident = Assert.Single(driver.Incidents);
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Null(incident.ResolvedAt);
        Assert.Single(incident.Links);
        Assert.Equal(TimelineEntryKind.SignalRefired, incident.Timeline[^1].Kind);
        Assert.Equal(1, driver.Stats.IncidentsReopened);
        var state = driver.State(firing);
        Assert.Equal(3, state.Occurrences);
        Assert.Equal(1, state.IncidentId);
        Assert.True(state.Latest.IsFiring);
    }

    [Fact]
    public void Process_ReopenedThenClearedAgain_ResolvesAgainAsOfTheNewClear()
    {
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);

        driver.Feed(firing, Some.Resolved(firing, 10), Some.Alert(at: 300), Some.Resolved(firing, 400));
        driver.AdvanceTo(520);

        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);
        Assert.Equal(Some.At(400), driver.Incident(1).ResolvedAt);
        Assert.Equal(2, driver.Stats.IncidentsResolved);
    }

    [Theory]
    [InlineData(610, 1)]
    [InlineData(611, 2)]
    public void Process_RefireAroundReopenWindowEnd_ReopensOrOpensNew(int refireAt, int expectedIncidents)
    {
        // Arrange: resolved as of 10 s; the reopen window is 10 min.
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));

        // Act
        driver.Feed(Some.Alert(at: refireAt));

        // Assert
        Assert.Equal(expectedIncidents, driver.Incidents.Count);
        Assert.Equal(expectedIncidents, driver.State(firing).IncidentId);
        Assert.Equal(IncidentState.New, driver.Incidents[^1].State);
    }

    [Fact]
    public void Process_RefireAfterReopenWindow_NewLifeInNewIncident()
    {
        // Arrange
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));

        // Act
        driver.Feed(Some.Alert(at: 700));

        // Assert
        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);
        Assert.Equal(IncidentState.New, driver.Incident(2).State);
        Assert.Equal(new SignalState(Some.Alert(at: 700), Some.At(700), Some.At(700), 1, 2), driver.State(firing));
        Assert.Equal(2, driver.Changes.Signals.Count(s => s.Fingerprint == firing.Fingerprint));
        Assert.Equal(0, driver.Stats.IncidentsReopened);
    }

    [Theory]
    [InlineData(3609, IncidentState.Resolved)]
    [InlineData(3610, IncidentState.Closed)]
    public void AdvanceTo_AutoCloseAfterResolve_Closes(int advanceTo, IncidentState expected)
    {
        // Arrange: resolved as of 10 s; auto-close after 1 h.
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));

        // Act
        driver.AdvanceTo(advanceTo);

        // Assert
        var incident = driver.Incident(1);
        Assert.Equal(expected, incident.State);
        Assert.Equal(expected == IncidentState.Closed ? Some.At(3610) : null, incident.ClosedAt);
        Assert.Equal(expected == IncidentState.Closed ? 0 : 1, driver.Engine.OpenIncidentCount);
        Assert.Equal(expected == IncidentState.Closed ? 1 : 0, driver.Stats.IncidentsClosed);
    }

    [Theory]
    [InlineData("HighLatency")]
    [InlineData("ErrorRate")]
    public void Process_GroupFiresAgainOnceClosed_NeverReopensTheClosedIncident(string name)
    {
        // Arrange: reopen window as long as auto-close, so only the close stops a reopen at 610 s.
        var options = new CorrelationOptions { ReopenWindow = TimeSpan.FromMinutes(10), AutoCloseAfter = TimeSpan.FromMinutes(10) };
        var driver = new EngineDriver(options);
        var firing = Some.Alert(name: "HighLatency", at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));

        // Act
        driver.Feed(Some.Alert(name: name, at: 610));

        // Assert
        Assert.Equal(IncidentState.Closed, driver.Incident(1).State);
        Assert.Equal(Some.At(610), driver.Incident(1).ClosedAt);
        var reopened = driver.Incident(2);
        Assert.Equal(IncidentState.New, reopened.State);
        Assert.Equal("service=checkout", reopened.GroupKey);
        Assert.Equal(0, driver.Stats.IncidentsReopened);
        Assert.Equal(2, driver.Stats.IncidentsOpened);
    }

    [Fact]
    public void AdvanceTo_ReopenedBeforeItsCloseTime_StaysOpen()
    {
        // Arrange: resolved as of 10 s (close due at 3610 s), reopened at 300 s.
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10), Some.Alert(at: 300));

        // Act
        driver.AdvanceTo(10_000);

        // Assert
        Assert.Equal(IncidentState.New, driver.Incident(1).State);
        Assert.Equal(0, driver.Stats.IncidentsClosed);
    }

    [Fact]
    public void AdvanceTo_EarlierTime_Ignored()
    {
        var driver = new EngineDriver();
        driver.Feed(Some.Alert(at: 100));

        driver.AdvanceTo(50);

        Assert.Equal(Some.At(100), driver.Engine.Watermark);
        Assert.Equal(Some.At(100), driver.Changes.Watermark);
    }

    [Fact]
    public void AdvanceTo_PastResolveAndClose_FiresBothInOneCall()
    {
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);
        driver.Feed(firing, Some.Resolved(firing, 10));

        driver.AdvanceTo(100_000);

        var incident = driver.Incident(1);
        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal(Some.At(10), incident.ResolvedAt);
        Assert.Equal(Some.At(3610), incident.ClosedAt);
    }

    [Fact]
    public void Process_AnyChange_StoredCountsReflectTheVersionBeforeTheBatch()
    {
        // Arrange: incident 1 is stored with one link and one timeline line.
        var driver = new EngineDriver();
        driver.Feed(Some.Alert(name: "HighLatency", at: 0));
        var batch = new ChangeSet();

        // Act
        driver.Engine.Process(Some.Alert(name: "ErrorRate", resource: "web-2", at: 10), batch);

        // Assert
        Assert.Equal((1, 1), batch.StoredCounts(1));
        Assert.Equal(2, Assert.Single(batch.Incidents).Links.Count);
        Assert.Equal(1, batch.LastIncidentId);
    }
}
