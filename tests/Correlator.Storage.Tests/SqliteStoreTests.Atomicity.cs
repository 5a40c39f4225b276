using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task CommitAsync_SignalOfUnknownIncident_FailsAndWritesNothing()
    {
        await OpenAsync();
        var a = Some.Alert();
        var changes = Changes([Open(1, a)], State(a, 1), State(Some.Alert(name: "Orphan"), 99));
        changes.SetPosition("http", "1");
        changes.Watermark = Some.At(1);

        var error = await Assert.ThrowsAsync<StorageException>(() => CommitAsync(changes));

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
        await AssertEmptyAsync();
    }

    [Fact]
    public async Task CommitAsync_LinesAlreadyStored_FailsAndKeepsThePreviousIncident()
    {
        await OpenAsync();
        var a = Some.Alert();
        var opened = Open(1, a);
        await CommitAsync(Changes([opened], State(a, 1)));
        var resolved = opened.Resolve("fixed", Some.At(5));

        // Claims nothing of incident 1 is stored yet, so its first link is inserted a second time.
        var error = await Assert.ThrowsAsync<StorageException>(() => CommitAsync(Changes([resolved])));

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.Equal(opened, detail?.Incident);
    }

    [Fact]
    public async Task CommitAsync_CancelledToken_WritesNothing()
    {
        await OpenAsync();
        var a = Some.Alert();
        var changes = Changes([Open(1, a)], State(a, 1));
        changes.SetPosition("http", "1");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitAsync(changes, cancelled.Token));

        await AssertEmptyAsync();
    }

    [Fact]
    public async Task CommitAsync_AfterAFailedCommit_NextCommitSucceeds()
    {
        await OpenAsync();
        var a = Some.Alert();
        await Assert.ThrowsAsync<StorageException>(() => CommitAsync(Changes([], State(a, 42))));

        await CommitAsync(Changes([Open(1, a)], State(a, 1)));

        Assert.Single((await Store.LoadSnapshotAsync(Ct)).OpenIncidents);
    }

    private async Task AssertEmptyAsync()
    {
        var snapshot = await Store.LoadSnapshotAsync(Ct);
        Assert.Empty(snapshot.OpenIncidents);
        Assert.Empty(snapshot.Signals);
        Assert.Null(snapshot.Watermark);
        Assert.Empty(await Store.GetPositionsAsync(Ct));
        Assert.Equal(0, await ScalarAsync("SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM incident_links) + (SELECT COUNT(*) FROM incident_timeline) + (SELECT COUNT(*) FROM signals)"));
    }
}
