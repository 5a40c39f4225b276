using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task LoadSnapshotAsync_EmptyStore_ReturnsEmptySnapshot()
    {
        await OpenAsync();

        var snapshot = await Store.LoadSnapshotAsync(Ct);

        Assert.Empty(snapshot.OpenIncidents);
        Assert.Empty(snapshot.Signals);
        Assert.Null(snapshot.Watermark);
        Assert.Equal(0, snapshot.LastIncidentId);
    }

    [Fact]
    public async Task LoadSnapshotAsync_AfterRestart_RebuildsEqualIncidentsSignalsAndWatermark()
    {
        await OpenAsync();
        var a = Some.Alert(at: 0);
        var b = Some.Alert(name: "ErrorRate", at: 3, severity: Severity.Critical);
        var c = Some.Alert(name: "DiskFull", service: "billing", at: 4);
        var matrix = PriorityMatrix.Default;
        var first = Open(1, a).Attach(b, "same service", Some.At(3)).Assess(Impact.High, Urgency.High, matrix, "2 resources", Some.At(3));
        var second = Open(2, c, at: 4).Hold("waiting for vendor", Some.At(6));
        var changes = Changes([first, second], State(a, 1), State(b, 1, firstSeen: 3), State(c, 2, firstSeen: 4));
        changes.Watermark = Some.At(6).AddTicks(3);
        changes.LastIncidentId = 2;
        await CommitAsync(changes);
        var resolved = first.RecordSignalStatus(Some.Resolved(a, 8), Some.At(8)).Resolve("all clear", Some.At(9));
        var later = new ChangeSet();
        later.Put(resolved, first);
        later.Put(State(Some.Resolved(a, 8), 1, lastSeen: 8, occurrences: 2));
        await CommitAsync(later);

        var snapshot = await (await ReopenAsync()).LoadSnapshotAsync(Ct);

        Assert.Equal([resolved, second], snapshot.OpenIncidents);
        Assert.Equal(3, snapshot.Signals.Count);
        Assert.Contains(State(Some.Resolved(a, 8), 1, lastSeen: 8, occurrences: 2), snapshot.Signals);
        Assert.Equal(Some.At(6).AddTicks(3), snapshot.Watermark);
        Assert.Equal(2, snapshot.LastIncidentId);
    }

    [Fact]
    public async Task LoadSnapshotAsync_ClosedIncident_ExcludesItAndItsSignals()
    {
        await OpenAsync();
        var a = Some.Alert(at: 0);
        var b = Some.Alert(service: "billing", at: 1);
        var closed = Open(1, a).Resolve("fixed", Some.At(5)).Close("confirmed", Some.At(6));
        await CommitAsync(Changes([closed, Open(2, b, at: 1)], State(a, 1), State(b, 2, firstSeen: 1)));

        var snapshot = await Store.LoadSnapshotAsync(Ct);

        Assert.Equal(2, Assert.Single(snapshot.OpenIncidents).Id);
        Assert.Equal(b.Fingerprint, Assert.Single(snapshot.Signals).Fingerprint);
    }

    [Fact]
    public async Task LoadSnapshotAsync_SignalsOutsideIncidents_KeepsOnlyFiringOnes()
    {
        await OpenAsync();
        var firing = Some.Alert(name: "Firing");
        var resolved = Some.Resolved(Some.Alert(name: "Cleared"), 5);
        await CommitAsync(Changes([], State(firing, null), State(resolved, null, lastSeen: 5)));

        var snapshot = await Store.LoadSnapshotAsync(Ct);

        Assert.Equal(firing, Assert.Single(snapshot.Signals).Latest);
    }

    [Fact]
    public async Task LoadSnapshotAsync_LastIncidentIdNeverWritten_UsesHighestStoredId()
    {
        await OpenAsync();
        await CommitAsync(Changes([Open(7, Some.Alert())]));

        var snapshot = await Store.LoadSnapshotAsync(Ct);

        Assert.Equal(7, snapshot.LastIncidentId);
    }

    [Fact]
    public async Task CommitAsync_WatermarkNotSet_KeepsThePreviousOne()
    {
        await OpenAsync();
        await CommitAsync(new ChangeSet { Watermark = Some.At(10), LastIncidentId = 3 });

        await CommitAsync(new ChangeSet());

        var snapshot = await Store.LoadSnapshotAsync(Ct);
        Assert.Equal(Some.At(10), snapshot.Watermark);
        Assert.Equal(3, snapshot.LastIncidentId);
    }
}
