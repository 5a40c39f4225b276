using Correlator.Service.Problems;
using Correlator.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Problems;

/// <summary>Mining the service's own incident history (a small synthetic one with a known answer) into stored suggestions.</summary>
public sealed class ProblemSuggestionSyncTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(ProblemHistory.Settings());

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private ProblemSuggestionSync Sync => _host.App.Services.GetRequiredService<ProblemSuggestionSync>();

    private SqliteStore Store => _host.App.Services.GetRequiredService<SqliteStore>();

    [Fact]
    public async Task Run_SyntheticHistory_ProposesOnlyThePatternThatRecursKTimesInTheWindow()
    {
        // search/DiskFull three times in 12 h (k = 3 within 7 days); billing/OOM twice; checkout/Slow once.
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        await ProblemHistory.OccurAsync(_host, "OOM", "billing", "app-1", 3);
        await ProblemHistory.OccurAsync(_host, "OOM", "billing", "app-1", 9);
        await ProblemHistory.OccurAsync(_host, "Slow", "checkout", "web-1", 15);
        var disk = await ProblemHistory.IncidentsOfAsync(_host, "search");
        Assert.Equal(3, disk.Length);

        var result = await Sync.RunAsync(Ct);

        Assert.Equal((6, 1), (result.Incidents, result.Proposed));
        var suggestion = Assert.Single(await Store.ListProblemSuggestionsAsync(null, Ct));
        Assert.Equal("component=search|pattern=DiskFull", suggestion.Signature);
        Assert.Equal(disk, suggestion.IncidentIds);
        Assert.Equal((3, "search", ProblemSuggestionStatus.Proposed), (suggestion.Frequency, suggestion.Service, suggestion.Status));
        Assert.Equal(TimeSpan.FromMinutes(90), suggestion.TotalDowntime);
        Assert.Contains("3 incidents with component=search, pattern=DiskFull", suggestion.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Again_NewOccurrenceJoinsTheProposedSuggestion_NoDuplicate()
    {
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        await Sync.RunAsync(Ct);
        await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", 18);

        var second = await Sync.RunAsync(Ct);

        Assert.Equal((0, 1), (second.Proposed, second.Updated));
        var suggestion = Assert.Single(await Store.ListProblemSuggestionsAsync(null, Ct));
        Assert.Equal(4, suggestion.IncidentIds.Count);
        Assert.Equal(4, suggestion.Frequency);
        Assert.Equal(0, (await Sync.RunAsync(Ct)).Updated);
    }

    [Fact]
    public async Task Run_RejectedPattern_IsNotProposedAgain_UntilItRecursTwiceAsOften()
    {
        // Rejected at 3 incidents within the window (factor 2: it needs 6 new ones within one window to count as changed).
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        await Sync.RunAsync(Ct);
        var first = Assert.Single(await Store.ListProblemSuggestionsAsync(null, Ct));
        Assert.Equal(ProblemDecisionOutcome.Done, await Store.RejectProblemSuggestionAsync(first.Id, "pat", "nightly backup, expected", Some(1), Ct));

        // The same rate again (3 in 12 h, after the rejected evidence): still the pattern that was judged.
        foreach (var hour in new[] { 30.0, 36, 42 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        var same = await Sync.RunAsync(Ct);
        Assert.Equal((0, 0, 0), (same.Proposed, same.Updated, same.Reproposed));
        Assert.Single(await Store.ListProblemSuggestionsAsync(null, Ct));

        // Three more within the same window: 6 new incidents within 7 days — it changed, so it is proposed again.
        foreach (var hour in new[] { 48.0, 54, 60 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        var changed = await Sync.RunAsync(Ct);

        Assert.Equal(1, changed.Reproposed);
        var list = await Store.ListProblemSuggestionsAsync(null, Ct);
        Assert.Equal(2, list.Count);
        var again = list[0];
        Assert.Equal((ProblemSuggestionStatus.Proposed, first.Signature, 6, 6), (again.Status, again.Signature, again.IncidentIds.Count, again.Frequency));
        Assert.Empty(again.IncidentIds.Intersect(first.IncidentIds));
        Assert.StartsWith("Proposed again: it was rejected (nightly backup, expected) at 3 incidents", again.Description, StringComparison.Ordinal);
        Assert.Equal(ProblemSuggestionStatus.Rejected, list[1].Status);
    }

    [Fact]
    public async Task Run_RejectedPattern_ADifferentSignalPattern_IsANewSuggestion()
    {
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
        }

        await Sync.RunAsync(Ct);
        var first = Assert.Single(await Store.ListProblemSuggestionsAsync(null, Ct));
        await Store.RejectProblemSuggestionAsync(first.Id, "pat", "expected", Some(1), Ct);
        foreach (var hour in new[] { 20.0, 26, 32 })
        {
            await ProblemHistory.OccurAsync(_host, "IndexCorrupt", "search", "es-1", hour);
        }

        var result = await Sync.RunAsync(Ct);

        Assert.Equal(1, result.Proposed);
        Assert.Equal("component=search|pattern=IndexCorrupt", (await Store.ListProblemSuggestionsAsync(ProblemSuggestionStatus.Proposed, Ct)).Single().Signature);
    }

    private static DateTimeOffset Some(int seconds) => Correlator.Testing.Some.At(seconds);
}
