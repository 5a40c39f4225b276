using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

/// <summary>A Predicted incident pages nobody and burns no SLA until it is confirmed; the clocks start at the confirmation.</summary>
public sealed class PredictedIncidentManagementTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);
    private readonly ManagementChanges _changes = new();

    [Fact]
    public void Observe_Predicted_IsNotManagedAndSendsNoNotice()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var predicted = Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow()).OpenAsPredicted("p=0.9", _clock.GetUtcNow());

        manager.Observe(Build.Facts(predicted, "web-1"), _changes);
        for (int m = 0; m < 60; m++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        }

        Assert.Empty(manager.Open);
        Assert.Empty(_changes.Notices);
        Assert.Empty(_changes.Entries);
    }

    [Fact]
    public void Observe_ConfirmedAfterAnHour_ClocksStartAtConfirmation()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var opened = _clock.GetUtcNow();
        var predicted = Build.Incident(1, "payments", Severity.Critical, opened).OpenAsPredicted("p=0.9", opened);
        manager.Observe(Build.Facts(predicted, "web-1"), _changes);
        _clock.Advance(TimeSpan.FromHours(1));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        var confirmedAt = _clock.GetUtcNow();

        manager.Observe(Build.Facts(predicted.Confirm("ana", confirmedAt), "web-1"), _changes);

        var managed = manager.Open[1];
        Assert.Equal(confirmedAt, managed.OpenedAt);
        Assert.All(_changes.Entries, e => Assert.Equal(confirmedAt, e.At));

        // P1: the acknowledge warning comes 12 minutes after the confirmation, not at once for the hour spent Predicted.
        _clock.Advance(TimeSpan.FromMinutes(10));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        Assert.DoesNotContain(_changes.Notices, n => n.Level != "crisis" && n.Key.Contains("sla:", StringComparison.Ordinal));
        var status = manager.Sla.Evaluate(managed, _clock.GetUtcNow())!;
        Assert.Equal(TimeSpan.FromMinutes(10), status.Acknowledge.Elapsed);

        _clock.Advance(TimeSpan.FromMinutes(3));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        Assert.Contains(_changes.Notices, n => n.Key.EndsWith("sla:acknowledge:warning", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_PredictedThenDismissed_NeverManaged()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var predicted = Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow()).OpenAsPredicted("p=0.9", _clock.GetUtcNow());
        manager.Observe(Build.Facts(predicted, "web-1"), _changes);

        manager.Observe(Build.Facts(predicted.Dismiss("ana", "planned maintenance", _clock.GetUtcNow().AddMinutes(5)), "web-1"), _changes);

        Assert.Empty(manager.Open);
        Assert.Empty(_changes.Incidents);
    }
}
