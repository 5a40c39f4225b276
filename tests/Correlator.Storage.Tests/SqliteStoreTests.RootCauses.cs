using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task CommitManagement_NoRootCause_NoneStored()
    {
        var store = await OpenAsync();

        await store.CommitManagementAsync(Batch([Managed(7)]), Ct);

        Assert.Null((await store.GetManagementAsync(7, Ct))!.Incident.RootCause);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM incident_root_causes"));
    }

    [Fact]
    public async Task CommitManagement_ConfirmedRootCause_RoundTripsAndIsReplaced()
    {
        var store = await OpenAsync();
        var managed = Managed(7) with { ResolvedAt = Some.At(600), RootCause = new ConfirmedRootCause("db-1", "ana", Some.At(600)) };

        await store.CommitManagementAsync(Batch([managed]), Ct);
        var changed = managed with { RootCause = new ConfirmedRootCause("api-1", "bob", Some.At(900)) };
        await store.CommitManagementAsync(Batch([changed]), Ct);

        Assert.Equal(changed, (await store.GetManagementAsync(7, Ct))!.Incident);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM incident_root_causes"));
    }

    [Fact]
    public async Task ListConfirmedRootCauses_ResolvedWithinTheWindow_NewestFirstCapped_WithTheirSignalsPlaces()
    {
        var store = await OpenAsync();
        var web = Some.Alert(name: "Latency", service: "shop", resource: "web-1");
        var db = Some.Alert(name: "SlowQueries", service: "shop", resource: "db-1");
        var other = Some.Alert(name: "Disk", service: "billing", resource: "db-9");
        await CommitAsync(Changes([Open(1, web), Open(2, other), Open(3, other with { Fingerprint = "x" }), Open(4, other with { Fingerprint = "y" })],
            State(web, 1), State(db, 1), State(other, 2)));
        ManagedIncident Confirmed(long id, int resolvedAt, string component) =>
            Managed(id) with { ResolvedAt = Some.At(resolvedAt), RootCause = new ConfirmedRootCause(component, "ana", Some.At(resolvedAt)) };
        await store.CommitManagementAsync(Batch([
            Confirmed(1, 3_600, "db-1"),
            Confirmed(2, 7_200, "db-9"),
            Confirmed(3, 60, "old"), // resolved before the window
            Managed(4) with { RootCause = new ConfirmedRootCause("open", "ana", Some.At(100)) }, // not resolved
        ]), Ct);

        var all = await store.ListConfirmedRootCausesAsync(Some.At(600), 10, Ct);
        var newest = await store.ListConfirmedRootCausesAsync(Some.At(600), 1, Ct);

        Assert.Equal([2L, 1L], all.Select(r => r.IncidentId));
        Assert.Equal(("db-1", "ana", Some.At(3_600)), (all[1].Component, all[1].ConfirmedBy, all[1].ResolvedAt));
        Assert.Equal([new SignalPlace("db-1", "shop"), new SignalPlace("web-1", "shop")], all[1].Signals.OrderBy(p => p.Resource, StringComparer.Ordinal));
        Assert.Equal([new SignalPlace("db-9", "billing")], all[0].Signals);
        Assert.Equal([2L], newest.Select(r => r.IncidentId));
    }
}
