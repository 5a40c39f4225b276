using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private static OutboxRoute Route(string target) => new(target, IncidentEffects.Derive, kind => kind == OutboxKinds.ProblemCreate);

    private async Task CommitOpenedAsync(long id, int at = 0)
    {
        var signal = Some.Alert(name: "Alert" + id, service: "svc" + id, at: at);
        await CommitAsync(Changes([Open(id, signal, at)], State(signal, id, at)));
    }

    [Fact]
    public async Task Commit_WithRoutes_WritesOneRowPerTargetInTheSameTransaction()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        store.AddOutboxRoute(Route("hook"));

        await CommitOpenedAsync(1);

        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind = 'incident.opened' AND stream = 'incident/1'"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task Commit_WithoutRoutes_WritesNoRow()
    {
        await OpenAsync();

        await CommitOpenedAsync(1);

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Enqueue_EffectAlreadyCommitted_AddsNoSecondRow()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(new OutboxRoute("rt", IncidentEffects.Derive, _ => true));
        var signal = Some.Alert();
        var changes = Changes([Open(1, signal)], State(signal, 1));
        await CommitAsync(changes);

        var added = await store.EnqueueOutboxAsync([.. IncidentEffects.Derive(changes)], Some.At(1), Ct);

        Assert.Equal(0, added);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Claim_TwoRowsOfOneStream_GivesOnlyTheHeadUntilItIsDone()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        var signal = Some.Alert();
        var opened = Open(1, signal);
        await CommitAsync(Changes([opened], State(signal, 1)));
        var resolved = opened.Resolve("quiet", Some.At(60));
        var changes = new ChangeSet();
        changes.Put(resolved, opened);
        await CommitAsync(changes);
        await CommitOpenedAsync(2);

        var first = await store.ClaimOutboxAsync("rt", 10, Some.At(100), Ct);
        Assert.Equal([(OutboxKinds.IncidentOpened, "incident/1"), (OutboxKinds.IncidentOpened, "incident/2")], first.Select(e => (e.Effect.Kind, e.Effect.Stream)));
        Assert.All(first, e => Assert.Equal(1, e.Attempts));

        await store.CompleteOutboxAsync(first[0].Id, "RT-41", Some.At(101), Ct);
        var second = await store.ClaimOutboxAsync("rt", 10, Some.At(102), Ct);

        Assert.Equal([(OutboxKinds.Resolved, "incident/1", 1), (OutboxKinds.IncidentOpened, "incident/2", 2)], second.Select(e => (e.Effect.Kind, e.Effect.Stream, e.Attempts)));
        Assert.Equal("RT-41", second.Single(e => e.Effect.Stream == "incident/1").ExternalRef);
        Assert.Equal("incident/1", await store.FindStreamAsync("rt", "RT-41", Ct));
    }

    [Fact]
    public async Task Park_HeadOfOneStream_BlocksThatStreamOnlyAndIsListedWithItsError()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        var signal = Some.Alert();
        var opened = Open(1, signal);
        await CommitAsync(Changes([opened], State(signal, 1)));
        var changes = new ChangeSet();
        changes.Put(opened.Resolve("quiet", Some.At(60)), opened);
        await CommitAsync(changes);
        await CommitOpenedAsync(2);
        var head = (await store.ClaimOutboxAsync("rt", 1, Some.At(100), Ct)).Single();

        await store.ParkOutboxAsync(head.Id, "400 Bad Request: {\"message\":\"Invalid queue\"}", Some.At(100), Ct);
        var next = await store.ClaimOutboxAsync("rt", 10, Some.At(101), Ct);
        var parked = await store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct);

        Assert.Equal(["incident/2"], next.Select(e => e.Effect.Stream));
        Assert.Equal("400 Bad Request: {\"message\":\"Invalid queue\"}", Assert.Single(parked).Error);
        var counts = Assert.Single(await store.CountOutboxAsync(Ct));
        Assert.Equal((2L, 1L), (counts.Pending, counts.Parked));

        Assert.True(await store.RetryParkedAsync(head.Id, Ct));
        Assert.Contains(head.Id, (await store.ClaimOutboxAsync("rt", 10, Some.At(102), Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task Defer_Head_IsNotClaimedBeforeItsTimeAndKeepsTheError()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        await CommitOpenedAsync(1);
        var head = (await store.ClaimOutboxAsync("rt", 1, Some.At(100), Ct)).Single();

        await store.DeferOutboxAsync(head.Id, "503 Service Unavailable", Some.At(200), Ct);

        Assert.Empty(await store.ClaimOutboxAsync("rt", 10, Some.At(199), Ct));
        var again = Assert.Single(await store.ClaimOutboxAsync("rt", 10, Some.At(200), Ct));
        Assert.Equal(("503 Service Unavailable", 2), (again.Error, again.Attempts));
    }

    [Fact]
    public async Task EnqueueProblemRecord_GoesToTargetsThatAcceptProblemsOnce()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        store.AddOutboxRoute(new OutboxRoute("kafka", _ => [], _ => false));
        var problem = new ProblemEffect { ProblemId = "PRB-1", Title = "Disk fills up", IncidentIds = [1, 2] };

        Assert.Equal(1, await store.EnqueueProblemRecordAsync(problem, Some.At(5), Ct));
        Assert.Equal(0, await store.EnqueueProblemRecordAsync(problem, Some.At(6), Ct));

        var row = Assert.Single(await store.ClaimOutboxAsync("rt", 10, Some.At(10), Ct));
        Assert.Equal([1L, 2L], OutboxJson.ReadProblem(row.Effect.Payload).IncidentIds);
        Assert.Empty(await store.ClaimOutboxAsync("kafka", 10, Some.At(10), Ct));
    }

    [Fact]
    public async Task AppendExternalEntry_ShowsInTheIncidentTimelineOnceByKey()
    {
        var store = await OpenAsync();
        await CommitOpenedAsync(1);
        var entry = new TimelineEntry(Some.At(30), TimelineEntryKind.External, "rt: status open -> resolved by ann");

        Assert.True(await store.AppendExternalEntryAsync(1, "rt/tx/55", entry, Ct));
        Assert.False(await store.AppendExternalEntryAsync(1, "rt/tx/55", entry, Ct));

        var detail = await store.GetIncidentAsync(1, Ct);
        Assert.Equal(entry, detail!.Incident.Timeline[^1]);
        Assert.Equal(2, detail.Incident.Timeline.Count);
    }

    [Fact]
    public async Task Cursor_SetTwice_KeepsTheLastValueAcrossReopen()
    {
        var store = await OpenAsync();
        await store.SetCursorAsync("rt/poll", "10", Ct);
        await store.SetCursorAsync("rt/poll", "12", Ct);

        store = await ReopenAsync();

        Assert.Equal("12", await store.GetCursorAsync("rt/poll", Ct));
        Assert.Null(await store.GetCursorAsync("other", Ct));
    }

    [Fact]
    public async Task PurgeOutbox_DeliveredBeforeTheCutOff_RemovesOnlyThoseAndKeepsTheReference()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        await CommitOpenedAsync(1);
        await CommitOpenedAsync(2);
        var rows = await store.ClaimOutboxAsync("rt", 10, Some.At(10), Ct);
        await store.CompleteOutboxAsync(rows[0].Id, "T-1", Some.At(20), Ct);

        Assert.Equal(0, await store.PurgeOutboxAsync(Some.At(20), Ct));
        Assert.Equal(1, await store.PurgeOutboxAsync(Some.At(21), Ct));

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal("T-1", await store.GetExternalRefAsync("rt", "incident/1", Ct));
    }
}
