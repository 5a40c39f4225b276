using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

public sealed class ManagementEffectsTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);

    [Fact]
    public void Derive_ActionsAndNotices_MapToTicketKinds_WithStableKeys()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow());
        var changes = new ManagementChanges();
        manager.Observe(Build.Facts(incident), changes);
        manager.Act(new ManagementCommand(1, ManagementAction.Hold, "ana", "vendor", _clock.GetUtcNow().AddMinutes(1)), changes);
        manager.Act(new ManagementCommand(1, ManagementAction.Resolve, "ana", "fixed", _clock.GetUtcNow().AddMinutes(2)), changes);

        var effects = ManagementEffects.Derive(changes, id => id == 1 ? incident : null).ToList();
        var again = ManagementEffects.Derive(changes, id => id == 1 ? incident : null).ToList();

        Assert.Contains(effects, e => e.Kind == OutboxKinds.StateChanged && OutboxJson.ReadIncident(e.Payload).State == "on_hold");
        Assert.Contains(effects, e => e.Kind == OutboxKinds.Resolved && OutboxJson.ReadIncident(e.Payload).Notes[0].Contains("fixed", StringComparison.Ordinal));
        Assert.Contains(effects, e => e.Kind == OutboxKinds.Managed && OutboxJson.ReadIncident(e.Payload).Notes[0].StartsWith("Priority P1", StringComparison.Ordinal));
        Assert.Contains(effects, e => e.Kind == OutboxKinds.Escalated && e.Key == "incident/1/notice/1:crisis:opened");
        Assert.All(effects, e => Assert.Equal("incident/1", e.Stream));
        Assert.Equal(effects.Select(e => e.Key), again.Select(e => e.Key));
        Assert.Equal(effects.Count, effects.Select(e => e.Key).Distinct().Count());
        Assert.All(effects, e => Assert.Equal("P1", OutboxJson.ReadIncident(e.Payload).Priority));
    }

    [Fact]
    public void Derive_PriorityLine_UpdatesTheTicketsPriorityWithTheManagedOne_NotTheEngines()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow());
        var changes = new ManagementChanges();
        manager.Observe(Build.Facts(incident), changes);
        var engineSaysP4 = incident with { Priority = Priority.P4, Impact = Impact.Low, Urgency = Urgency.Low };

        var effects = ManagementEffects.Derive(changes, _ => engineSaysP4).ToList();

        var field = Assert.Single(effects, e => e.Kind == OutboxKinds.PriorityChanged);
        var payload = OutboxJson.ReadIncident(field.Payload);
        Assert.Equal(("P1", "high"), (payload.Priority, payload.Impact));
        Assert.EndsWith("/field", field.Key, StringComparison.Ordinal);
        Assert.Contains(effects, e => e.Kind == OutboxKinds.Managed && e.Key + "/field" == field.Key);
        var notice = OutboxJson.ReadIncident(Assert.Single(effects, e => e.Kind == OutboxKinds.Escalated).Payload);
        Assert.Equal("crisis", notice.NoticeLevel);
    }
}
