using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private static ProblemSuggestion Suggestion(string signature = "component=db|pattern=DiskFull", params long[] incidents) => new()
    {
        Signature = signature,
        Description = "3 incidents",
        Service = "db",
        IncidentIds = [.. incidents.Length == 0 ? [1L, 2, 3] : incidents],
        Frequency = 3,
        TotalDowntime = TimeSpan.FromHours(2.5),
        FirstSeenAt = Some.At(0),
        LastSeenAt = Some.At(600),
        ProposedAt = Some.At(700),
        UpdatedAt = Some.At(700),
    };

    [Fact]
    public async Task AddProblemSuggestion_ThenGetAndList_RoundTripsEveryField()
    {
        var store = await OpenAsync();

        var added = await store.AddProblemSuggestionAsync(Suggestion(), Ct);
        var second = await store.AddProblemSuggestionAsync(Suggestion("component=web|pattern=OOM", 4, 5, 6), Ct);

        Assert.Equal(added, await store.GetProblemSuggestionAsync(added.Id, Ct));
        Assert.Equal([second.Id, added.Id], (await store.ListProblemSuggestionsAsync(null, Ct)).Select(s => s.Id));
        Assert.Equal(2, (await store.ListProblemSuggestionsAsync(ProblemSuggestionStatus.Proposed, Ct)).Count);
        Assert.Empty(await store.ListProblemSuggestionsAsync(ProblemSuggestionStatus.Rejected, Ct));
        Assert.Null(await store.GetProblemSuggestionAsync(999, Ct));
    }

    [Fact]
    public async Task AcceptProblemSuggestion_WritesTheDecisionAndOneOutboxRowPerProblemTarget_InOneTransaction()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        store.AddOutboxRoute(new OutboxRoute("incidents-only", IncidentEffects.Derive, _ => false));
        var added = await store.AddProblemSuggestionAsync(Suggestion(), Ct);
        var record = new ProblemEffect { ProblemId = "PRB-" + added.Id, Title = "Disk fills up", IncidentIds = added.IncidentIds };

        var outcome = await store.AcceptProblemSuggestionAsync(added.Id, "pat", "known", record, Some.At(800), Ct);

        Assert.Equal(ProblemDecisionOutcome.Done, outcome);
        var accepted = await store.GetProblemSuggestionAsync(added.Id, Ct);
        Assert.Equal(ProblemSuggestionStatus.Accepted, accepted!.Status);
        Assert.Equal(("pat", "known", Some.At(800)), (accepted.DecidedBy, accepted.Reason, accepted.DecidedAt!.Value));
        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM outbox WHERE target = 'rt' AND kind = 'problem.create' AND stream = 'problem/PRB-{added.Id}'"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE target = 'incidents-only'"));
    }

    [Fact]
    public async Task DecideProblemSuggestion_Twice_IsAlreadyDecided_AndUnknownIsNotFound_AndNothingIsEnqueued()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(Route("rt"));
        var added = await store.AddProblemSuggestionAsync(Suggestion(), Ct);
        var record = new ProblemEffect { ProblemId = "PRB-" + added.Id, Title = "Disk fills up", IncidentIds = added.IncidentIds };

        Assert.Equal(ProblemDecisionOutcome.Done, await store.RejectProblemSuggestionAsync(added.Id, "pat", "expected during backups", Some.At(800), Ct));
        Assert.Equal(ProblemDecisionOutcome.AlreadyDecided, await store.AcceptProblemSuggestionAsync(added.Id, "pat", null, record, Some.At(900), Ct));
        Assert.Equal(ProblemDecisionOutcome.AlreadyDecided, await store.RejectProblemSuggestionAsync(added.Id, "pat", "again", Some.At(900), Ct));
        Assert.Equal(ProblemDecisionOutcome.NotFound, await store.RejectProblemSuggestionAsync(999, "pat", "why", Some.At(900), Ct));

        var rejected = await store.GetProblemSuggestionAsync(added.Id, Ct);
        Assert.Equal((ProblemSuggestionStatus.Rejected, "expected during backups"), (rejected!.Status, rejected.Reason));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task UpdateProblemEvidence_ChangesTheEvidence_KeepsTheDecision()
    {
        var store = await OpenAsync();
        var added = await store.AddProblemSuggestionAsync(Suggestion(), Ct);
        await store.RejectProblemSuggestionAsync(added.Id, "pat", "noise", Some.At(800), Ct);

        Assert.True(await store.UpdateProblemEvidenceAsync(added with { IncidentIds = [1, 2, 3, 9], Frequency = 4, UpdatedAt = Some.At(900) }, Ct));

        var updated = await store.GetProblemSuggestionAsync(added.Id, Ct);
        Assert.Equal([1, 2, 3, 9], updated!.IncidentIds);
        Assert.Equal((4, ProblemSuggestionStatus.Rejected, "noise"), (updated.Frequency, updated.Status, updated.Reason));
    }

    [Fact]
    public async Task ListIncidentHistory_OldestFirst_WithSignalNamesAndResources_SinceAndMax()
    {
        var store = await OpenAsync();
        await CommitOpenedAsync(1, at: 0);
        await CommitOpenedAsync(2, at: 100);
        await CommitOpenedAsync(3, at: 200);

        var all = await store.ListIncidentHistoryAsync(Some.At(0), 10, Ct);
        var newest = await store.ListIncidentHistoryAsync(Some.At(0), 2, Ct);
        var since = await store.ListIncidentHistoryAsync(Some.At(150), 10, Ct);

        Assert.Equal([1L, 2, 3], all.Select(h => h.Id));
        Assert.Equal(["Alert1"], all[0].SignalNames);
        Assert.Equal("svc1", all[0].Service);
        Assert.Equal(["web-1"], all[0].Resources);
        Assert.Equal([2L, 3], newest.Select(h => h.Id));
        Assert.Equal([3L], since.Select(h => h.Id));
    }
}
