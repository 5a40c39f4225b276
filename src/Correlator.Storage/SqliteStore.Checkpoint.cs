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
    /// Copies committed pages from the write-ahead log into the database file, on a connection of its own.
    /// Commits go on meanwhile (a passive checkpoint never blocks the writer), so the fsync a checkpoint needs
    /// costs the pipeline nothing; the log restarts from its beginning once everything in it is copied.
    /// Under a sustained load it never is (the writer and readers keep the log in use), so when the log is still
    /// over <c>Storage:WalLimitBytes</c> afterwards, this takes the write lock (commits wait) and truncates it,
    /// waiting at most <c>Storage:CheckpointBusyTimeout</c> for readers; if they stay, the outcome says busy.
    /// Before taking the lock it runs up to <c>Storage:WalCatchUpPasses</c> more passive checkpoints while the last
    /// one left pages uncopied, so that what the truncation copies with commits waiting is only the tail written
    /// during the last pass. <c>Storage:WalTruncateRetryPause</c> decides whether the truncation waits for readers with
    /// the lock held (zero) or releases it and retries after that pause. <c>Storage:WalTruncateToZero</c>
    /// resets the log with <c>wal_checkpoint(TRUNCATE)</c>, which shrinks the file to zero with the lock held (tens of
    /// milliseconds for 64 MiB here); otherwise with <c>wal_checkpoint(RESTART)</c>, which only rewinds it, and the
    /// writer's next commit cuts the file back to <c>Storage:WalLimitBytes</c> (<c>journal_size_limit</c>), freeing only
    /// the overshoot.
    /// </summary>
    /// <exception cref="StorageException">SQLite failed otherwise than by being busy.</exception>
    public async Task<CheckpointOutcome> CheckpointAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        var connection = new SqliteConnection(_checkpointConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await OpenPooledAsync(connection, cancellationToken);
                var (_, logPages, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);
                var walBytes = WalBytes;
                if (walBytes <= _walLimitBytes)
                {
                    return new CheckpointOutcome(logPages, checkpointed, Truncated: false, Busy: false, walBytes, Stopwatch.GetElapsedTime(started));
                }

                int passes = 1;
                for (; passes <= _walCatchUpPasses && checkpointed < logPages; passes++)
                {
                    (_, logPages, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);
                }

                var outcome = await TruncateAsync(connection, checkpointed, _walTruncateRetryPause, _walTruncateToZero ? "TRUNCATE" : "RESTART", cancellationToken);
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
    /// readers can keep it from resetting the log. A passive pass first copies (and counts) what was committed since
    /// <paramref name="checkpointedBefore"/>; the truncation itself then has nothing left to copy unless a reader held
    /// pages back. With a zero <paramref name="retryPause"/> the truncation waits for readers under the lock (up to
    /// <c>Storage:CheckpointBusyTimeout</c>); otherwise it does not wait: when a reader is in the log it releases the
    /// lock, lets commits go on for <paramref name="retryPause"/> and tries again, until that timeout has passed.
    /// </summary>
    private async Task<CheckpointOutcome> TruncateAsync(SqliteConnection connection, int checkpointedBefore, TimeSpan retryPause, string mode, CancellationToken cancellationToken)
    {
        var waitUnderLock = retryPause <= TimeSpan.Zero;
        var busyMs = waitUnderLock ? (long)Math.Max(1, _checkpointBusyTimeout.TotalMilliseconds) : 0;
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_size_limit = {_walLimitBytes};"), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var longest = new Attempt(TimeSpan.Zero, TimeSpan.Zero, -1);
        for (int attempt = 1; ; attempt++)
        {
            var (done, result) = await TruncateOnceAsync(connection, checkpointedBefore, mode, cancellationToken);
            if (result.Held > longest.Held)
            {
                longest = result;
            }

            if (done is { } outcome || waitUnderLock || Stopwatch.GetElapsedTime(started) >= _checkpointBusyTimeout)
            {
                var final = done ?? new CheckpointOutcome(-1, -1, Truncated: false, Busy: true, WalBytes);
                return final with { LockHeld = longest.Held, ResetHeld = longest.Reset, PagesCopiedUnderLock = longest.Copied, TruncateAttempts = attempt };
            }

            await Task.Delay(retryPause, cancellationToken);
        }
    }

    /// <summary>One hold of the write lock: copy what is left, then try to reset the log (<paramref name="mode"/>). Null when readers kept it busy.</summary>
    private async Task<(CheckpointOutcome? Outcome, Attempt Attempt)> TruncateOnceAsync(SqliteConnection connection, int checkpointedBefore, string mode, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        var locked = Stopwatch.GetTimestamp();
        int copied = -1;
        long reset = 0;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (_, _, checkpointed) = await WalCheckpointAsync(connection, "PASSIVE", cancellationToken);

            // The writer may have restarted the log in between (it does once everything was copied): then unknown.
            copied = checkpointed >= checkpointedBefore ? checkpointed - checkpointedBefore : -1;
            reset = Stopwatch.GetTimestamp();
            var (busy, logPages, checkpointedAfter) = await WalCheckpointAsync(connection, mode, cancellationToken);
            var attempt = new Attempt(Stopwatch.GetElapsedTime(locked), Stopwatch.GetElapsedTime(reset), copied);
            return (busy ? null : new CheckpointOutcome(logPages, checkpointedAfter, Truncated: true, Busy: false, WalBytes), attempt);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            return (null, new Attempt(Stopwatch.GetElapsedTime(locked), reset == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(reset), copied));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One hold of the write lock by a truncation: how long, the part spent resetting, the pages copied under it.</summary>
    private readonly record struct Attempt(TimeSpan Held, TimeSpan Reset, int Copied);

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
