using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>WAL pages after which a commit checkpoints by itself (about 400 MB): reached only when nothing calls <see cref="CheckpointAsync"/>.</summary>
    private const int AutoCheckpointPages = 100_000;

    /// <summary>The schema version this build creates and understands.</summary>
    public static int SchemaVersion => Migrations.All.Count;

    private static string ParseSynchronous(string? value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            "NORMAL" => "NORMAL",
            "FULL" => "FULL",
            _ => throw new ArgumentException($"Storage:Synchronous must be Normal or Full, not '{value}'.", nameof(value)),
        };

    private static async Task ConfigureAsync(SqliteConnection connection, string synchronous, StorageOptions options, CancellationToken cancellationToken)
    {
        var busyMs = ((long)Math.Max(1, options.BusyTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, $"PRAGMA busy_timeout = {busyMs};", cancellationToken);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The database refused WAL journal mode (it is '{mode}').");
            }
        }

        // A page cache of Storage:CacheSizeMiB (64 MiB) keeps the indexes the commits touch in memory (SQLite's default is 2 MiB). Checkpoints
        // run on their own connection (CheckpointAsync), so the fsync they need never stalls a commit; the
        // automatic one is left only as a safety net far above what the background checkpoints let build up.
        // journal_size_limit makes the writer cut the log file back to Storage:WalLimitBytes whenever it restarts it.
        // temp_store = MEMORY keeps the statement journals of multi-row statements (a page copy per page changed, a
        // temporary file by default) and the fingerprint runs' merge copies in memory.
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{options.CacheSizeMiB * 1024L}; PRAGMA mmap_size = {options.MmapSizeMiB * 1024L * 1024L}; PRAGMA wal_autocheckpoint = {AutoCheckpointPages}; PRAGMA journal_size_limit = {options.WalLimitBytes}; PRAGMA temp_store = MEMORY;"), cancellationToken);
    }

    /// <summary>
    /// Applies the migrations newer than the recorded version, each with its version row in one transaction,
    /// under a write lock so two processes opening the same file do not both migrate it.
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY);", cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var current = connection.CreateCommand();
        current.Transaction = transaction;
        current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var version = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (version > Migrations.All.Count)
        {
            throw new InvalidOperationException(
                $"Its schema version {version} is newer than this build understands ({Migrations.All.Count}).");
        }

        for (int next = version + 1; next <= Migrations.All.Count; next++)
        {
            try
            {
                using var migrate = connection.CreateCommand();
                migrate.Transaction = transaction;
                migrate.CommandText = Migrations.All[next - 1] + "\nINSERT INTO schema_version (version) VALUES ($version);";
                migrate.Parameters.AddWithValue("$version", next);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException($"Migration {next} failed: {ex.Message}", ex);
            }
        }

        transaction.Commit();
    }

    /// <summary>
    /// Finishes the fingerprint runs' merges before the first commit, in transactions of a bounded step each: after an
    /// upgrade to schema 9 every 4,096 signal rows are a run of their own, and a lookup probes each run.
    /// </summary>
    private static void MergeFingerprintRuns(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var runs = new FingerprintRuns();
        bool more = true;
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction(deferred: false);
            more = runs.Step(connection, transaction, 1 << 16);
            transaction.Commit();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
