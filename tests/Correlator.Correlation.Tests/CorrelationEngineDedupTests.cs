using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class CorrelationEngineDedupTests
{
    [Fact]
    public void Process_SameFiringConditionAgain_CountsOccurrenceInOneIncident()
    {
        // Arrange
        var driver = new EngineDriver();
        var repeat = Some.Alert(at: 30);

        // Act
        driver.Feed(Some.Alert(at: 0), repeat);

        // Assert
        var state = driver.State(repeat);
        Assert.Equal(2, state.Occurrences);
        Assert.Equal(Some.At(0), state.FirstSeenAt);
        Assert.Equal(Some.At(30), state.LastSeenAt);
        Assert.Same(repeat, state.Latest);
        Assert.Equal(1, state.IncidentId);
        var incident = Assert.Single(driver.Incidents);
        Assert.Single(incident.Links);
        Assert.Single(incident.Timeline);
        Assert.Equal(2, driver.Stats.Received);
        Assert.Equal(1, driver.Stats.Deduplicated);
        Assert.Equal(1, driver.Stats.IncidentsOpened);
        Assert.Equal(0, driver.Stats.SignalsAttached);
    }

    [Fact]
    public void Process_RepeatOlderThanLatest_KeepsLatestAndLastSeen()
    {
        // Arrange
        var driver = new EngineDriver();
        var latest = Some.Alert(at: 30);

        // Act
        driver.Feed(latest, Some.Alert(at: 10));

        // Assert
        var state = driver.State(latest);
        Assert.Equal(2, state.Occurrences);
        Assert.Same(latest, state.Latest);
        Assert.Equal(Some.At(30), state.LastSeenAt);
        Assert.Equal(1, driver.Stats.Deduplicated);
    }

    [Fact]
    public void Process_SameEventIdAgain_DroppedAsRedelivery()
    {
        // Arrange
        var driver = new EngineDriver();
        var first = Some.Alert(at: 0) with { EventId = "e-1" };

        // Act
        driver.Feed(first, Some.Alert(at: 5) with { EventId = "e-1" });

        // Assert
        Assert.Equal(1, driver.Stats.Redelivered);
        Assert.Equal(0, driver.Stats.Deduplicated);
        var state = driver.State(first);
        Assert.Equal(1, state.Occurrences);
        Assert.Equal(Some.At(0), state.LastSeenAt);
    }

    [Fact]
    public void Process_RedeliveredResolve_DroppedWithoutTouchingTheIncident()
    {
        // Arrange
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0) with { EventId = "e-1" };
        var resolved = Some.Resolved(firing, 10) with { EventId = "e-2" };

        // Act
        driver.Feed(firing, resolved, resolved);

        // Assert
        Assert.Equal(1, driver.Stats.Redelivered);
        Assert.Equal(2, driver.State(firing).Occurrences);
        Assert.Single(driver.Incident(1).Timeline, l => l.Kind == TimelineEntryKind.SignalResolved);
    }

    [Fact]
    public void Process_OtherEventIdSameCondition_Deduplicated()
    {
        var driver = new EngineDriver();
        var first = Some.Alert(at: 0) with { EventId = "e-1" };

        driver.Feed(first, Some.Alert(at: 5) with { EventId = "e-2" });

        Assert.Equal(0, driver.Stats.Redelivered);
        Assert.Equal(1, driver.Stats.Deduplicated);
        Assert.Equal(2, driver.State(first).Occurrences);
    }

    [Fact]
    public void Process_ResolveOlderThanTheFiring_IgnoredAsStale()
    {
        // Arrange
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 100);

        // Act
        driver.Feed(firing, Some.Resolved(firing, 50));
        driver.AdvanceTo(10_000);

        // Assert
        Assert.Equal(1, driver.Stats.Stale);
        var state = driver.State(firing);
        Assert.Same(firing, state.Latest);
        Assert.Equal(1, state.Occurrences);
        var incident = driver.Incident(1);
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Single(incident.Timeline);
    }

    [Fact]
    public void Process_ResolveForUnknownCondition_KeptButOpensNothing()
    {
        // Arrange
        var driver = new EngineDriver();
        var resolved = Some.Alert(at: 20, status: SignalStatus.Resolved, startedAt: 5);

        // Act
        driver.Feed(resolved);

        // Assert
        Assert.Empty(driver.Changes.Incidents);
        Assert.Equal(0, driver.Engine.OpenIncidentCount);
        Assert.Equal(1, driver.Stats.ResolvedUnknown);
        Assert.Equal(new SignalState(resolved, Some.At(5), Some.At(20), 1, null), Assert.Single(driver.Changes.Signals));
    }

    [Fact]
    public void Process_FiringAfterUnknownResolve_OpensIncident()
    {
        var driver = new EngineDriver();

        driver.Feed(Some.Alert(at: 20, status: SignalStatus.Resolved), Some.Alert(at: 30));

        Assert.Equal(IncidentState.New, driver.Incident(1).State);
        Assert.Equal(1, driver.Stats.IncidentsOpened);
    }

    [Fact]
    public void Process_ResolveRepeated_QuietPeriodCountsFromTheFirstClear()
    {
        // Arrange
        var driver = new EngineDriver();
        var firing = Some.Alert(at: 0);

        // Act
        driver.Feed(firing, Some.Resolved(firing, 10), Some.Resolved(firing, 100));
        driver.AdvanceTo(130);

        // Assert
        Assert.Equal(1, driver.Stats.Deduplicated);
        var incident = driver.Incident(1);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(Some.At(10), incident.ResolvedAt);
        Assert.Single(incident.Timeline, l => l.Kind == TimelineEntryKind.SignalResolved);
    }
}
