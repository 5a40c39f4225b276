using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class IncidentEffectsTests
{
    private static readonly PriorityMatrix Matrix = PriorityMatrix.Default;

    [Fact]
    public void Derive_NewIncident_GivesOneOpenedEffectWithItsSignal()
    {
        var first = Some.Alert(resource: "db-1", severity: Severity.Critical);
        var incident = Some.OpenIncident(7, first);
        var changes = new ChangeSet();
        changes.Put(incident, null);
        changes.Put(new SignalState(first, Some.T0, Some.T0, 1, 7));

        var effects = IncidentEffects.Derive(changes).ToList();

        var effect = Assert.Single(effects);
        Assert.Equal((OutboxKinds.IncidentOpened, "incident/7", "incident/7/opened"), (effect.Kind, effect.Stream, effect.Key));
        var payload = OutboxJson.ReadIncident(effect.Payload);
        Assert.Equal(7, payload.IncidentId);
        Assert.Equal("db-1", payload.ConfigurationItem);
        Assert.Equal("critical", Assert.Single(payload.Signals).Severity);
        Assert.Equal("new", payload.State);
    }

    [Fact]
    public void Derive_LinksPriorityAndLifecycle_GivesOneEffectEachInTimelineOrder()
    {
        var before = Some.OpenIncident(3);
        var second = Some.Alert(name: "Errors", resource: "web-2", at: 5);
        var after = before.Attach(second, "rule", Some.At(5))
            .Assess(Impact.High, Urgency.High, Matrix, "wider", Some.At(5))
            .Acknowledge("ann", Some.At(6))
            .Resolve("quiet", Some.At(7))
            .Reopen("fired again", Some.At(8))
            .Resolve("quiet", Some.At(9))
            .Close("done", Some.At(10));
        var changes = new ChangeSet();
        changes.Put(after, before);
        changes.Put(new SignalState(second, Some.At(5), Some.At(5), 1, 3));

        var kinds = IncidentEffects.Derive(changes).Select(e => e.Kind).ToList();

        Assert.Equal(
            [OutboxKinds.SignalsAttached, OutboxKinds.PriorityChanged, OutboxKinds.StateChanged, OutboxKinds.Resolved,
             OutboxKinds.Reopened, OutboxKinds.Resolved, OutboxKinds.Closed],
            kinds);
    }

    [Fact]
    public void Derive_SameChangeTwice_GivesTheSameKeys()
    {
        var before = Some.OpenIncident(3);
        var after = before.Attach(Some.Alert(name: "Errors", at: 5), "rule", Some.At(5)).Resolve("quiet", Some.At(7));
        var changes = new ChangeSet();
        changes.Put(after, before);

        var first = IncidentEffects.Derive(changes).Select(e => e.Key).ToList();
        var second = IncidentEffects.Derive(changes).Select(e => e.Key).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void Derive_UnchangedLines_GivesNothing()
    {
        var incident = Some.OpenIncident(3);
        var changes = new ChangeSet();
        changes.Put(incident, incident);

        Assert.Empty(IncidentEffects.Derive(changes));
    }
}
