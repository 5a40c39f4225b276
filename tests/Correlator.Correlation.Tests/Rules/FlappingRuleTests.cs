using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Rules;

public sealed class FlappingRuleTests
{
    private const string Rules = "flapping:\n  - name: flappy\n    max_changes: 3\n    window: 10m\n    stable_for: 10m\n";

    // A signal that fires, then toggles every `gap` seconds `changes` times (starting with a clear).
    [Theory]
    [InlineData(3, 60, false)]  // three changes: at the limit, not flapping
    [InlineData(4, 60, true)]   // four changes within 10 min: flapping
    [InlineData(6, 60, true)]
    [InlineData(6, 250, false)] // changes spread out: never more than 3 within 10 min
    public void Process_StatusChanges_FlappingOnlyAboveTheLimitWithinTheWindow(int changes, int gap, bool flapping)
    {
        var driver = EngineDriver.WithRules(Rules);
        var alert = Some.Alert(at: 0);
        driver.Feed(alert);
        for (int i = 1; i <= changes; i++)
        {
            driver.Feed(i % 2 == 1 ? Some.Resolved(alert, i * gap) : Some.Alert(at: i * gap));
        }

        var incident = Assert.Single(driver.Incidents);
        Assert.Equal(flapping ? 1 : 0, driver.Stats.FlappingStarted);
        Assert.Equal(flapping, incident.Timeline.Any(t => t.Kind == TimelineEntryKind.Note && t.Text.Contains("is flapping", StringComparison.Ordinal)));
    }

    [Fact]
    public void Process_Flapping_HeldChangesNotNotifiedThenStableAppliesTheLastStatus()
    {
        var driver = EngineDriver.WithRules(Rules);
        var alert = Some.Alert(at: 0);
        driver.Feed(alert, Some.Resolved(alert, 60), Some.Alert(at: 120), Some.Resolved(alert, 180));
        var timelineBefore = driver.Incident(1).Timeline.Count(t => t.Kind is TimelineEntryKind.SignalResolved or TimelineEntryKind.SignalRefired);

        // The fourth change tips it into flapping; it and the fifth are held.
        driver.Feed(Some.Alert(at: 240), Some.Resolved(alert, 300));
        var held = driver.Incident(1);
        Assert.Equal(timelineBefore, held.Timeline.Count(t => t.Kind is TimelineEntryKind.SignalResolved or TimelineEntryKind.SignalRefired));
        Assert.Equal(2, driver.Stats.FlappingHeld);
        Assert.Equal(IncidentState.New, held.State);

        // Unchanged for 10 min after its last change (300 s): the incident learns it is resolved, then resolves after the quiet period.
        driver.AdvanceTo(899);
        Assert.DoesNotContain(driver.Incident(1).Timeline, t => t.Text.Contains("no longer flapping", StringComparison.Ordinal));
        driver.AdvanceTo(900);
        Assert.Contains(driver.Incident(1).Timeline, t => t.Text.Contains("stable for 00:10:00: no longer flapping, now resolved", StringComparison.Ordinal));
        driver.AdvanceTo(900 + 121);
        Assert.Equal(IncidentState.Resolved, driver.Incident(1).State);
    }

    [Fact]
    public void Process_FlappingEndsFiring_IncidentStaysOpen()
    {
        var driver = EngineDriver.WithRules(Rules);
        var alert = Some.Alert(at: 0);
        driver.Feed(alert, Some.Resolved(alert, 60), Some.Alert(at: 120), Some.Resolved(alert, 180), Some.Alert(at: 240));

        driver.AdvanceTo(3_000);

        Assert.Equal(IncidentState.New, driver.Incident(1).State);
        Assert.Equal(1, driver.Stats.FlappingStarted);
    }
}
