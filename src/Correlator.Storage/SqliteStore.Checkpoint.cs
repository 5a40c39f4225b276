using System.Diagnostics;
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

    /// <summary>Whether the write-ahead log file is over <c>Storage:WalLimitBytes</c> now (a file-size look, no SQL).</summary>
    public bool WalOverLimit => WalBytes > _walLimitBytes;

    /// <summary>
    /// <see cref="CheckpointAsync(int, CancellationToken)"/> with no catch-up pass: a truncation right after the
    /// first passive checkpoint when the log is over the limit.
    /// </summary>
    /// <exception cref="StorageException">SQLite failed otherwise than by being busy.</exception>
    public Task<CheckpointOutcome> CheckpointAsync(CancellationToken cancellationToken) => CheckpointAsync(0, cancellationToken);

    /// <summary>
    /// Copies committed pages from the write-ahead log into the database file, on a connection of its own.
    /// Commits go on meanwhile (a passive checkpoint never blocks the writer), so the fsync a checkpoint needs
    /// costs the pipeline nothing; the log restarts from its beginning once everything in it is copied.
    /// Under a sustained load it never is (the writer and readers keep the log in use), so when the log is still
    /// over <c>Storage:WalLimitBytes</c> afterwards, this takes the write lock (commits wait) and truncates it,
    /// waiting at most <c>Storage:CheckpointBusyTimeout</c> for readers; if they stay, the outcome says busy.
    /// Before taking the lock it runs up to <paramref name="catchUpPasses"/> more passive checkpoints while the last
    /// one left pages uncopied, so that what the truncation copies with commits waiting is only the tail written
    /// during the last pass (<c>Storage:WalCatchUpPasses</c>).
    /// </summary>
    /// <exception cref="StorageException">SQLite failed otherwise than by being busy.</exception>
    public async Task<CheckpointOutcome> CheckpointAsync(int catchUpPasses, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
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
                    return new CheckpointOutcome(logPages, checkpointed, Truncated: false, Busy: false, walBytes, Stopwatch.GetElapsedTime(started));
                }

                int passes = 1;
                for (; passes <= catchUpPasses && checkpointed < logPages; passes++)
                {
                    (_, logPages, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);
                }

                var outcome = await TruncateAsync(connection, checkpointed, cancellationToken);
                return outcome with { Elapsed = Stopwatch.GetElapsedTime(started), PassivePasses = passes };
            }
            catch (SqliteException ex)
            {
                throw Failure("checkpoint", ex);
            }
        }
    }

    /// <summary>
    /// A truncating checkpoint under the write lock: no commit of this process can start meanwhile, so only
    /// readers can keep it from resetting the log, and they are given the short busy timeout. A passive pass
    /// first copies (and counts) what was committed since <paramref name="checkpointedBefore"/>; the truncation
    /// itself then has nothing left to copy unless a reader held pages back.
    /// </summary>
    private async Task<CheckpointOutcome> TruncateAsync(SqliteConnection connection, int checkpointedBefore, CancellationToken cancellationToken)
    {
        var busyMs = (long)Math.Max(1, _checkpointBusyTimeout.TotalMilliseconds);
        await _writeLock.WaitAsync(cancellationToken);
        var locked = Stopwatch.GetTimestamp();
        int copied = -1;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (_, _, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);

            // The writer may have restarted the log in between (it does once everything was copied): then unknown.
            copied = checkpointed >= checkpointedBefore ? checkpointed - checkpointedBefore : -1;
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_size_limit = {_walLimitBytes};"), cancellationToken);
            var (busy, logPages, checkpointedAfter) = await WalCheckpointAsync(connection, "TRUNCATE", cancellationToken);
            return new CheckpointOutcome(logPages, checkpointedAfter, Truncated: !busy, Busy: busy, WalBytes, LockHeld: Stopwatch.GetElapsedTime(locked), PagesCopiedUnderLock: copied);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            return new CheckpointOutcome(-1, -1, Truncated: false, Busy: true, WalBytes, LockHeld: Stopwatch.GetElapsedTime(locked), PagesCopiedUnderLock: copied);
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
