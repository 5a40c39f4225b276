using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

/// <summary>
/// The fingerprint filter without a fingerprint index on incident_links (migration 8): the incidents a fingerprint
/// is linked to come from its signal rows and from signal_relinks, which must hold every link no signal row tells.
/// </summary>
public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task ListIncidentsAsync_ByFingerprint_SignalReboundToAnotherIncidentLater_FindsBoth()
    {
        await OpenAsync();
        var alert = Some.Alert(service: "checkout");
        await CommitAsync(Changes([Open(1, alert)], State(alert, 1)));
        var second = new ChangeSet();
        second.Put(Open(2, alert, at: 5), null);
        second.Put(State(alert, 2, lastSeen: 5), State(alert, 1));

        await CommitAsync(second);

        await AssertIdsAsync(new IncidentQuery { Fingerprint = alert.Fingerprint }, 2, 1);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM signal_relinks"));
    }

    [Fact]
    public async Task ListIncidentsAsync_ByFingerprint_SignalBoundElsewhereWithinTheBatch_FindsBoth()
    {
        await OpenAsync();
        var alert = Some.Alert(service: "checkout");

        // Both incidents link the alert in one batch, whose signal row ends up bound to the second only.
        await CommitAsync(Changes([Open(1, alert), Open(2, alert, at: 5)], State(alert, 2)));

        await AssertIdsAsync(new IncidentQuery { Fingerprint = alert.Fingerprint }, 2, 1);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = "unknown" });
    }

    [Fact]
    public async Task CommitAsync_NewLinksOfSignalsBoundToTheirIncident_WritesNoRelink()
    {
        await SeedIncidentsAsync();

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM signal_relinks"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_incident_links_fingerprint'"));
    }

    [Fact]
    public async Task OpenAsync_DatabaseOfSchema7_MovesTheLinkIndexToRelinksWithoutLosingRows()
    {
        // A database as schema 7 left it: the links' fingerprint index, no relinks; one link (incident 5 of the
        // checkout alert) that no signal row tells, as a rebinding before the upgrade leaves it.
        await SeedIncidentsAsync();
        await CommitAsync(Changes([Open(5, Checkout, at: 30)], State(Search, 3, firstSeen: 10)));
        var before = await CountRowsAsync();
        await Store.DisposeAsync();
        _store = null;
        await DowngradeToSchema8Async();
        await ExecuteAsync("""
            DROP TRIGGER tr_signals_relink;
            DROP TABLE signal_relinks;
            CREATE INDEX ix_incident_links_fingerprint ON incident_links (fingerprint);
            DELETE FROM schema_version WHERE version = 8;
            """);
        Assert.Equal(7, await ScalarAsync("SELECT MAX(version) FROM schema_version"));

        await OpenAsync();

        Assert.Equal(SqliteStore.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_incident_links_fingerprint'"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM signal_relinks WHERE incident_id = 5"));
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Checkout.Fingerprint }, 5, 4, 1);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Search.Fingerprint }, 3);

        // The upgraded database keeps recording rebindings.
        var rebound = new ChangeSet();
        rebound.Put(State(Search, 2, firstSeen: 10, lastSeen: 40), State(Search, 3, firstSeen: 10));
        await CommitAsync(rebound);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Search.Fingerprint }, 3, 2);
    }
}
