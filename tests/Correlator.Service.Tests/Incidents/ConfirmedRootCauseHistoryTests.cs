using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>The root-cause history on a real store: confirmed root causes within the window, per component, cached between reads.</summary>
public sealed class ConfirmedRootCauseHistoryTests : IAsyncLifetime
{
    // web-1 calls api-1, which runs on db-1.
    private static readonly TopologyGraph Shop = new([("web-1", "api-1"), ("api-1", "db-1")]);
    private static readonly DateTimeOffset Now = Some.T0.AddDays(100);
    private readonly TempDirectory _data = new("rch");
    private readonly FakeTimeProvider _clock = new(Now);
    private SqliteStore _store = null!;
    private ConfirmedRootCauseHistory _history = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _data.Path }, Ct);
        _history = new ConfirmedRootCauseHistory(_store, Options.Create(new RootCauseHistoryOptions { Window = TimeSpan.FromDays(30), Refresh = TimeSpan.FromMinutes(5) }), _clock);
        await ConfirmAsync(1, ["web-1", "api-1", "db-1"], "db-1", Now.AddDays(-1));
        await ConfirmAsync(2, ["api-1", "db-1"], "api-1", Now.AddDays(-2));
        await ConfirmAsync(3, ["web-1", "db-1"], "web-1", Now.AddDays(-40)); // resolved before the window
        await ConfirmAsync(4, ["db-1"], "db-1", Now.AddDays(-3)); // alone: says nothing about leading others
    }

    public async ValueTask DisposeAsync()
    {
        _history.Dispose();
        await _store.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>An incident with a signal on each resource (service shop), resolved with <paramref name="rootCause"/> confirmed by ana.</summary>
    private async Task ConfirmAsync(long id, string[] resources, string rootCause, DateTimeOffset resolvedAt)
    {
        var signals = resources.Select(r => Some.Alert(name: "Down", service: "shop", resource: r, fingerprint: $"{id}/{r}")).ToList();
        var changes = new ChangeSet { Watermark = Some.T0, LastIncidentId = id };
        changes.Put(Some.OpenIncident(id, signals[0]), null);
        foreach (var signal in signals)
        {
            changes.Put(new SignalState(signal, Some.T0, Some.T0, 1, id));
        }

        await _store.CommitAsync(changes, Ct);
        var managed = new ManagedIncident
        {
            IncidentId = id, OpenedAt = Some.T0, Group = "shop-team", ResolvedAt = resolvedAt,
            RootCause = new ConfirmedRootCause(rootCause, "ana", resolvedAt),
        };
        await _store.CommitManagementAsync(new ManagementBatch([managed], [], [], [], resolvedAt), Ct);
    }

    [Fact]
    public async Task GetAsync_ConfirmedWithinTheWindow_SharePerComponent()
    {
        var history = await _history.GetAsync(Shop, Ct);

        // db-1 and api-1 each led one of the two counted incidents they were in; web-1's own lead is out of the window.
        Assert.Equal(2, history.Incidents);
        Assert.Equal(0.5, history.LeadRate("db-1"));
        Assert.Equal(0.5, history.LeadRate("api-1"));
        Assert.Equal(0, history.LeadRate("web-1"));
        Assert.Equal(0, history.LeadRate("cache-1"));
        Assert.Equal("confirmed root cause of 1 of 2 past incident(s) it was in with other components (confirmed by incident managers, resolved in the last 30 days)", history.Explain("db-1"));
        Assert.StartsWith("confirmed root cause of 0 of 1 past incident(s)", history.Explain("web-1"), StringComparison.Ordinal);
        Assert.StartsWith("in none of the 2 past incident(s) with a confirmed root cause", history.Explain("cache-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excluding_AnIncident_LeavesItsOwnConfirmationOut()
    {
        var history = (await _history.GetAsync(Shop, Ct)).Excluding(1);

        Assert.Equal(1, history.Incidents);
        Assert.Equal(0, history.LeadRate("db-1"));
        Assert.Equal(1, history.LeadRate("api-1"));
        Assert.StartsWith("confirmed root cause of 0 of 1 past incident(s)", history.Explain("db-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhileFresh_ReadsTheStoreOnce_AndAgainAfterRefreshOrAConfirmation()
    {
        await _history.GetAsync(Shop, Ct);
        await _history.GetAsync(Shop, Ct);
        Assert.Equal(1, _history.Reads);

        // A confirmation is read at once (and audited).
        await ConfirmAsync(5, ["web-1", "api-1"], "web-1", Now);
        await _history.RecordAsync(5, "web-1", "ana", Ct);
        var after = await _history.GetAsync(Shop, Ct);
        Assert.Equal(2, _history.Reads);
        Assert.Equal(0.5, after.LeadRate("web-1"));
        var audit = Assert.Single(await _store.ListAuditAsync(10, null, Ct), e => e.Action == "confirm-root-cause");
        Assert.Equal(("ana", "incident 5", "web-1"), (audit.Actor, audit.Target, audit.Outcome));

        // Past the refresh interval the store is read again.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _history.GetAsync(Shop, Ct);
        Assert.Equal(3, _history.Reads);
    }

    [Fact]
    public async Task GetAsync_NewTopology_RecountsWithoutReadingTheStore()
    {
        await _history.GetAsync(Shop, Ct);

        // A graph that knows the service but none of the resources: every signal's component is now shop, so each
        // incident is shop plus its confirmed component (incident 4 now counts too) — recounted from the same read.
        var recounted = await _history.GetAsync(new TopologyGraph([("shop", "payments")]), Ct);

        Assert.Equal(1, _history.Reads);
        Assert.Equal(3, recounted.Incidents);
        Assert.Equal(1, recounted.LeadRate("db-1"));
        Assert.Equal(0, recounted.LeadRate("shop"));
    }
}
