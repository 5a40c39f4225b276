using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>The size of the write-ahead log file now, in bytes (0 when there is none).</summary>
    public long WalBytes
    {
        get
        {
            var wal = new FileInfo(_path + "-wal");
            try
            {
                return wal.Exists ? wal.Length : 0;
            }
            catch (IOException)
            {
                // Deleted between the two looks (the last connection closed).
                return 0;
            }
        }
    }

    /// <summary>
    /// Copies committed pages from the write-ahead log into the database file, on a connection of its own.
    /// Commits go on meanwhile (a passive checkpoint never blocks the writer), so the fsync a checkpoint needs
    /// costs the pipeline nothing; the log restarts from its beginning once everything in it is copied.
    /// Under a sustained load it never is (the writer and readers keep the log in use), so when the log is still
    /// over <c>Storage:WalLimitBytes</c> afterwards, this takes the write lock (commits wait) and truncates it,
    /// waiting at most <c>Storage:CheckpointBusyTimeout</c> for readers; if they stay, the outcome says busy.
    /// </summary>
    /// <exception cref="StorageException">SQLite failed otherwise than by being busy.</exception>
    public async Task<CheckpointOutcome> CheckpointAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_checkpointConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
                var (_, logPages, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);
                var walBytes = WalBytes;
                if (walBytes <= _walLimitBytes)
                {
                    return new CheckpointOutcome(logPages, checkpointed, Truncated: false, Busy: false, walBytes);
                }

                return await TruncateAsync(connection, cancellationToken);
            }
            catch (SqliteException ex)
            {
                throw Failure("checkpoint", ex);
            }
        }
    }

    /// <summary>
    /// A truncating checkpoint under the write lock: no commit of this process can start meanwhile, so only
    /// readers can keep it from resetting the log, and they are given the short busy timeout.
    /// </summary>
    private async Task<CheckpointOutcome> TruncateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var busyMs = (long)Math.Max(1, _checkpointBusyTimeout.TotalMilliseconds);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_size_limit = {_walLimitBytes};"), cancellationToken);
            var (busy, logPages, checkpointed) = await WalCheckpointAsync(connection, "TRUNCATE", cancellationToken);
            return new CheckpointOutcome(logPages, checkpointed, Truncated: !busy, Busy: busy, WalBytes);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            return new CheckpointOutcome(-1, -1, Truncated: false, Busy: true, WalBytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <c>PRAGMA wal_checkpoint(MODE)</c>: whether it was blocked, the pages in the log, the pages copied.</summary>
    private static async Task<(bool Busy, int LogPages, int CheckpointedPages)> WalCheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
    }
}
