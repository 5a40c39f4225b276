using System.Globalization;
using Correlator.Domain;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage.Tests;

/// <summary>
/// Signals keyed by time and the fingerprint lookup through sorted runs (migration 9): every episode stays findable
/// by its fingerprint at every step of a merge, the merges end in the layout of a base-4 counter, and an upgrade
/// from schema 8 keeps every row and every read.
/// </summary>
public sealed partial class SqliteStoreTests
{
    /// <summary>Runs merged four at a time: the layouts below reach level 2 with 70,000 rows (as the store does by default).</summary>
    private static readonly FingerprintRuns BaseFour = new(fanout: 4);

    [Fact]
    public void NextMerge_DefaultFanout_WaitsForFourSealedBlocks()
    {
        var runs = new FingerprintRuns();

        Assert.Null(runs.NextMerge([0, 1, 2, 3], tail: 3));
        var merge = runs.NextMerge([0, 1, 2, 3, 4], tail: 4);

        Assert.NotNull(merge);
        Assert.Equal(FingerprintRuns.RunId(1, 0), merge.Value.Target);
        Assert.Equal([0L, 1, 2, 3], merge.Value.Sources);
    }

    [Fact]
    public void NextMerge_FourSealedBlocks_MergesThemIntoOneRunOfLevelOne()
    {
        long[] runs = [0, 1, 2, 3, 4];

        var merge = BaseFour.NextMerge(runs, tail: 4);

        Assert.NotNull(merge);
        Assert.Equal(FingerprintRuns.RunId(1, 0), merge.Value.Target);
        Assert.Equal([0L, 1, 2, 3], merge.Value.Sources);
    }

    [Fact]
    public void NextMerge_LastBlockOfTheGroupStillOpen_WaitsForIt()
    {
        Assert.Null(BaseFour.NextMerge([0, 1, 2, 3], tail: 3));
    }

    [Fact]
    public void NextMerge_UnfinishedMergeAndANewGroup_TakesTheLowerLevelFirst()
    {
        // Level 2 at block 0 still has a level-1 source inside it; blocks 16-19 are sealed and wait for level 1.
        long[] runs = [16, 17, 18, 19, 20, FingerprintRuns.RunId(1, 12), FingerprintRuns.RunId(2, 0)];

        var merge = BaseFour.NextMerge(runs, tail: 20);

        Assert.NotNull(merge);
        Assert.Equal(FingerprintRuns.RunId(1, 16), merge.Value.Target);

        // With the level-1 group done, the unfinished level-2 merge goes on with what is inside it.
        long[] later = [20, FingerprintRuns.RunId(1, 12), FingerprintRuns.RunId(1, 16), FingerprintRuns.RunId(2, 0)];
        var next = BaseFour.NextMerge(later, tail: 20);
        Assert.NotNull(next);
        Assert.Equal(FingerprintRuns.RunId(2, 0), next.Value.Target);
        Assert.Equal([FingerprintRuns.RunId(1, 12)], next.Value.Sources);
    }

    [Fact]
    public void NextMerge_LowerLevelStillInsideTheGroup_DoesNotStartTheHigherMerge()
    {
        // Level-1 runs at 0, 4 and 8, and blocks 12-15 not merged yet: level 2 must wait for level 1 at 12.
        long[] runs = [12, 13, 14, 15, FingerprintRuns.RunId(1, 0), FingerprintRuns.RunId(1, 4), FingerprintRuns.RunId(1, 8)];

        var merge = BaseFour.NextMerge(runs, tail: 16);

        Assert.NotNull(merge);
        Assert.Equal(FingerprintRuns.RunId(1, 12), merge.Value.Target);
    }

    [Fact]
    public async Task Step_SmallSteps_KeepEveryEpisodeFindableFoldSecondFilingsAndEndInTheCounterLayout()
    {
        await OpenAsync();
        await Store.DisposeAsync();
        _store = null;
        const int Rows = 70_000;
        await InsertRawSignalsAsync(Rows);
        // Rows 1-3,000 filed a second time in block 5, as a full upsert of a row that was there already files it.
        await ExecuteAsync("INSERT INTO signal_fingerprints SELECT 5, fingerprint, first_seen_at FROM signals WHERE rowid <= 3000");
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        Assert.Equal(Rows + 3_000, await ScalarAsync("SELECT COUNT(*) FROM signal_fingerprints"));

        int steps = 0;
        bool more = true;
        while (more)
        {
            using (var transaction = connection.BeginTransaction())
            {
                more = BaseFour.Step(connection, transaction, 12_000);
                transaction.Commit();
            }

            steps++;
            // At least one entry per episode, and none for an episode that does not exist.
            Assert.Equal(Rows, await ScalarAsync("SELECT COUNT(*) FROM (SELECT DISTINCT fingerprint, first_seen_at FROM signal_fingerprints)"));
            Assert.Equal(0, await ScalarAsync(
                "SELECT COUNT(*) FROM signal_fingerprints f WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.first_seen_at = f.first_seen_at AND s.fingerprint = f.fingerprint)"));
            foreach (var n in new[] { 1, 4_096, 33_333, Rows })
            {
                Assert.Equal(1, await ScalarAsync(
                    $"SELECT COUNT(*) FROM signals s WHERE {FingerprintRuns.EpisodeOf("s", $"'{RawFingerprint(n)}'")}"));
            }
        }

        // 70,000 rows fill blocks 0-16 (sealed) and part of 17: 16 sealed blocks make one run of level 2, in which
        // the second filings of block 5 met their first ones in block 0 and were kept once.
        Assert.True(steps > 8, $"only {steps} steps");
        Assert.Equal(Rows, await ScalarAsync("SELECT COUNT(*) FROM signal_fingerprints"));
        Assert.Equal([16L, 17, FingerprintRuns.RunId(2, 0)], await RunsAsync());
    }

    [Fact]
    public async Task CommitAsync_ManyNewSignals_MergesTheRunsAsItGoesAndFindsEachByFingerprint()
    {
        await OpenAsync();
        const int Batches = 20;
        const int BatchSize = 2_000;
        var signals = new List<Signal>();
        for (int b = 0; b < Batches; b++)
        {
            var changes = new ChangeSet { Watermark = Some.At(b) };
            for (int i = 0; i < BatchSize; i++)
            {
                var signal = CostAlert(i % 50, (b * BatchSize) + i, b);
                signals.Add(signal);
                changes.Put(State(signal, null, b));
            }

            await CommitAsync(changes);
        }

        // 40,000 rows: blocks 0-3 and 4-7 merged into level 1 by the commits themselves, 8 sealed, 9 open.
        Assert.Equal([8L, 9, FingerprintRuns.RunId(1, 0), FingerprintRuns.RunId(1, 4)], await RunsAsync());
        Assert.Equal(Batches * BatchSize, await ScalarAsync("SELECT COUNT(*) FROM signal_fingerprints"));
        foreach (var signal in signals.Where((_, i) => i % 997 == 0))
        {
            Assert.Equal(1, await ScalarAsync(
                $"SELECT COUNT(*) FROM signals s WHERE {FingerprintRuns.EpisodeOf("s", $"'{signal.Fingerprint}'")}"));
        }
    }

    [Fact]
    public async Task OpenAsync_DatabaseOfSchema8_KeysSignalsByTimeAndKeepsEveryRowAndRead()
    {
        await SeedIncidentsAsync();
        // A second episode of the checkout alert, bound to incident 4 since: incident 1's detail falls back to it.
        await CommitAsync(Changes([], State(Checkout, 4, firstSeen: 30)));
        var before = await SignalRowsAsync();
        var detail = await Store.GetIncidentAsync(1, Ct);
        var outline = await Store.GetIncidentOutlineAsync(1, Ct);
        await Store.DisposeAsync();
        _store = null;
        await DowngradeToSchema8Async();
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'signal_fingerprints'"));

        await OpenAsync();

        Assert.Equal(SqliteStore.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(before, await SignalRowsAsync());
        Assert.Equal(before.Count, await ScalarAsync("SELECT COUNT(*) FROM signal_fingerprints"));
        Assert.Equal(1, await ScalarAsync(
            "SELECT COUNT(*) FROM pragma_index_list('signals') l JOIN pragma_index_info(l.name) i WHERE l.[unique] = 1 AND i.seqno = 0 AND i.name = 'first_seen_at'"));
        Assert.Equal(detail!.Signals, (await Store.GetIncidentAsync(1, Ct))!.Signals);
        Assert.Equal(outline, await Store.GetIncidentOutlineAsync(1, Ct));
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Checkout.Fingerprint }, 4, 1);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Search.Fingerprint }, 3);

        // The upgraded table takes new rows, files them in the runs and keeps recording rebindings.
        var rebound = new ChangeSet();
        rebound.Put(State(Search, 2, firstSeen: 10, lastSeen: 40), State(Search, 3, firstSeen: 10));
        rebound.Put(State(Billing, 2, firstSeen: 50));
        await CommitAsync(rebound);
        Assert.Equal(before.Count + 1, await ScalarAsync("SELECT COUNT(*) FROM signal_fingerprints"));
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Search.Fingerprint }, 3, 2);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = Billing.Fingerprint }, 2);
    }

    /// <summary>
    /// Takes a closed database of this build back to schema 8: signals keyed (fingerprint, first_seen_at) again and no
    /// fingerprint runs, as a store written before migration 9 has it.
    /// </summary>
    private async Task DowngradeToSchema8Async()
    {
        await ExecuteAsync("""
            DROP TABLE signal_fingerprints;
            CREATE TABLE signals_v8 (
                fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                status TEXT NOT NULL, severity TEXT NOT NULL, resource TEXT, service TEXT, event_time TEXT NOT NULL,
                starts_at TEXT NOT NULL, ends_at TEXT, labels TEXT NOT NULL, annotations TEXT NOT NULL, summary TEXT, score REAL,
                event_id TEXT, last_seen_at TEXT NOT NULL, occurrences INTEGER NOT NULL, incident_id INTEGER REFERENCES incidents (id),
                PRIMARY KEY (fingerprint, first_seen_at));
            INSERT INTO signals_v8 SELECT * FROM signals ORDER BY fingerprint, first_seen_at;
            DROP TABLE signals;
            ALTER TABLE signals_v8 RENAME TO signals;
            CREATE INDEX ix_signals_incident ON signals (incident_id, status);
            CREATE TRIGGER tr_signals_relink AFTER UPDATE OF incident_id ON signals
                WHEN old.incident_id IS NOT NULL AND old.incident_id IS NOT new.incident_id
            BEGIN
                INSERT OR IGNORE INTO signal_relinks (fingerprint, incident_id) VALUES (old.fingerprint, old.incident_id);
            END;
            DELETE FROM schema_version WHERE version = 9;
            """);
        Assert.Equal(8, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    private async Task<List<string>> SignalRowsAsync()
    {
        var rows = new List<string>();
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Sql.SignalColumns} FROM signals s ORDER BY s.fingerprint, s.first_seen_at";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private async Task<List<long>> RunsAsync()
    {
        var runs = new List<long>();
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = FingerprintRuns.RunIds;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            runs.Add(reader.GetInt64(0));
        }

        return runs;
    }

    /// <summary>The fingerprint of raw row n (1-based): a scattered 16-hex number, as Alertmanager's label hash is.</summary>
    private static string RawFingerprint(long n) => ((ulong)n * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Inserts rows 1..count straight into signals, filed in the level-0 run of their block as migration 9 does.</summary>
    private async Task InsertRawSignalsAsync(int count)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO signals (fingerprint, first_seen_at, source, name, kind, status, severity, event_time, starts_at, labels, annotations, last_seen_at, occurrences)
            VALUES ($fp, $at, 'raw', 'Raw', 'alert', 'firing', 'warning', $at, $at, '{}', '{}', $at, 1)
            """;
        var fingerprint = command.Parameters.Add("$fp", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        for (long n = 1; n <= count; n++)
        {
            fingerprint.Value = RawFingerprint(n);
            at.Value = StoredValues.Time(Some.At(0).AddMilliseconds(n));
            await command.ExecuteNonQueryAsync(Ct);
        }

        command.Parameters.Clear();
        command.CommandText = "INSERT INTO signal_fingerprints (run, fingerprint, first_seen_at) SELECT rowid >> 12, fingerprint, first_seen_at FROM signals";
        await command.ExecuteNonQueryAsync(Ct);
        transaction.Commit();
    }
}
