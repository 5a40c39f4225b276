using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private const long OneMiB = 1024 * 1024;

    /// <summary>The bound as it was first built: no catch-up pass, waiting for readers under the lock, the file shrunk to zero.</summary>
    private void UseTheFirstTruncation()
    {
        _options.WalCatchUpPasses = 0;
        _options.WalTruncateRetryPause = TimeSpan.Zero;
        _options.WalTruncateToZero = true;
    }

    [Fact]
    public async Task CheckpointAsync_DuringSustainedCommitsAndReads_KeepsTheLogNearItsLimit()
    {
        _options.WalLimitBytes = OneMiB;
        _options.CheckpointBusyTimeout = TimeSpan.FromMilliseconds(200);
        UseTheFirstTruncation();
        await OpenAsync();
        const int Commits = 2_000;
        const int CommitsPerRound = 20;

        // Rounds of commits with the checkpointer's pass between them, as the worker runs it, sampling the log before
        // each pass; readers run throughout. Paced by rounds, not by time: on a loaded machine a timed loop once saw
        // only two passes for the whole run, so its "median" was the run's peak.
        var sizes = new List<long>();
        var done = new TaskCompletionSource();
        var readers = new[] { ReadUntilDoneAsync(done.Task), ReadUntilDoneAsync(done.Task) };
        var writer = Task.Run(async () =>
        {
            for (int id = 1; id <= Commits; id++)
            {
                await CommitAsync(Batch(id, signals: 4));
                if (id % CommitsPerRound == 0)
                {
                    sizes.Add(Store.WalBytes);
                    await Store.CheckpointAsync(Ct);
                }
            }
        }, Ct);

        try
        {
            await writer;
        }
        finally
        {
            done.TrySetResult();
            await Task.WhenAll(readers);
        }

        var last = await Store.CheckpointAsync(Ct);

        // A passive checkpoint alone let this run's log grow to over 100 MiB (readers kept it in use); with the
        // bound it goes back under the limit at each truncation and only grows by what one interval commits.
        // The median, not the peak: on a loaded machine one slow interval can let the log spike.
        sizes.Sort();
        var median = sizes[sizes.Count / 2];
        Assert.True(median < 8 * OneMiB, $"The log's median size was {median} bytes (limit 1 MiB): {string.Join(", ", sizes)}.");
        Assert.True(last.WalBytes <= OneMiB, $"The log is {last.WalBytes} bytes after the load.");
        Assert.Equal(Commits, await ScalarAsync("SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task CheckpointAsync_ReaderHoldsTheLog_ReportsBusyAndLosesNoCommit()
    {
        _options.WalLimitBytes = OneMiB;
        _options.CheckpointBusyTimeout = TimeSpan.FromMilliseconds(100);
        UseTheFirstTruncation();
        await OpenAsync();
        var id = await GrowLogPastAsync(OneMiB, first: 1);
        await using var reader = RawConnection();
        await reader.OpenAsync(Ct);
        // Deferred: Microsoft.Data.Sqlite's default transaction is IMMEDIATE, which would take the write lock.
        using var transaction = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM incidents";
            await read.ExecuteScalarAsync(Ct);
        }

        var checkpoint = Store.CheckpointAsync(Ct);
        var commit = CommitAsync(Batch(++id, signals: 8));
        var busy = await checkpoint;
        await commit;
        transaction.Rollback();
        var truncated = await Store.CheckpointAsync(Ct);

        Assert.True(busy.Busy);
        Assert.False(busy.Truncated);
        Assert.True(busy.WalBytes > OneMiB);
        Assert.True(truncated.Truncated);
        Assert.Equal(0, truncated.WalBytes);
        Assert.Equal(id, await ScalarAsync("SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task CommitAsync_AfterACompleteCheckpoint_CutsTheLogBackToTheLimit()
    {
        _options.WalLimitBytes = OneMiB;
        await OpenAsync();
        var id = await GrowLogPastAsync(3 * OneMiB, first: 1);
        // A passive checkpoint from outside the store: it copies the whole log (no readers) but leaves the file as it is.
        await ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE);");
        Assert.True(Store.WalBytes > 3 * OneMiB);

        // The writer restarts the log at its next commit, and journal_size_limit cuts the file back.
        await CommitAsync(Batch(id + 1, signals: 1));

        Assert.True(Store.WalBytes <= OneMiB, $"The log is {Store.WalBytes} bytes after the writer restarted it.");
    }

    [Fact]
    public async Task CheckpointAsync_LogUnderTheLimit_OnlyCheckpointsPassively()
    {
        await OpenAsync();
        await CommitAsync(Batch(1, signals: 2));

        var outcome = await Store.CheckpointAsync(Ct);

        Assert.False(outcome.Truncated);
        Assert.False(outcome.Busy);
        Assert.Equal(outcome.LogPages, outcome.CheckpointedPages);
        Assert.True(outcome.WalBytes > 0);
    }

    [Fact]
    public async Task CheckpointAsync_OverTheLimitAndNothingLeftToCopy_TruncatesWithoutCopyingUnderTheLock()
    {
        _options.WalLimitBytes = OneMiB;
        _options.WalCatchUpPasses = 3;
        _options.WalTruncateRetryPause = TimeSpan.FromMilliseconds(1);
        _options.WalTruncateToZero = true;
        await OpenAsync();
        await GrowLogPastAsync(2 * OneMiB, first: 1);

        // No writer and no reader meanwhile: the first passive pass copies every page, so no catch-up pass runs and
        // the write lock is held only to reset the log.
        var outcome = await Store.CheckpointAsync(Ct);

        Assert.True(outcome.Truncated);
        Assert.Equal(0, outcome.PagesCopiedUnderLock);
        Assert.Equal(1, outcome.PassivePasses);
        Assert.True(outcome.LockHeld > TimeSpan.Zero);
        Assert.Equal(1, outcome.TruncateAttempts);
        Assert.Equal(0, outcome.WalBytes);
    }

    [Fact]
    public async Task CheckpointAsync_RetryPauseWhileAReaderStays_LetsCommitsThroughAndTruncatesOnceItLeaves()
    {
        _options.WalLimitBytes = OneMiB;
        _options.CheckpointBusyTimeout = TimeSpan.FromSeconds(4);
        _options.WalCatchUpPasses = 0;
        _options.WalTruncateRetryPause = TimeSpan.FromMilliseconds(1);
        _options.WalTruncateToZero = true;
        await OpenAsync();
        var id = await GrowLogPastAsync(2 * OneMiB, first: 1);
        await using var reader = RawConnection();
        await reader.OpenAsync(Ct);
        var transaction = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM incidents";
            await read.ExecuteScalarAsync(Ct);
        }

        var checkpoint = Store.CheckpointAsync(Ct);

        // Waiting for the reader with the lock held, this commit would wait until the checkpoint gave up as busy.
        await CommitAsync(Batch(++id, signals: 8));
        transaction.Rollback();
        transaction.Dispose();
        var outcome = await checkpoint;

        Assert.True(outcome.Truncated, $"busy {outcome.Busy} after {outcome.TruncateAttempts} attempts");
        Assert.True(outcome.TruncateAttempts > 1);
        Assert.Equal(id, await ScalarAsync("SELECT COUNT(*) FROM incidents"));
    }

    [Fact]
    public async Task CheckpointAsync_RestartInsteadOfTruncate_RewindsTheLogAndTheNextCommitCutsTheFileToTheLimit()
    {
        _options.WalLimitBytes = OneMiB;
        _options.WalCatchUpPasses = 0;
        _options.WalTruncateRetryPause = TimeSpan.FromMilliseconds(1);
        _options.WalTruncateToZero = false;
        await OpenAsync();
        var id = await GrowLogPastAsync(3 * OneMiB, first: 1);

        var outcome = await Store.CheckpointAsync(Ct);
        var rewound = Store.WalBytes;
        await CommitAsync(Batch(id + 1, signals: 1));

        // The file is not shrunk under the write lock; journal_size_limit cuts it back at the writer's next commit.
        Assert.True(outcome.Truncated);
        Assert.Equal(outcome.LogPages, outcome.CheckpointedPages);
        Assert.True(rewound > 3 * OneMiB, $"The log file is {rewound} bytes right after the rewind.");
        Assert.True(Store.WalBytes <= OneMiB, $"The log file is {Store.WalBytes} bytes after the next commit.");
        Assert.Equal(id + 1, await ScalarAsync("SELECT COUNT(*) FROM incidents"));
    }

    /// <summary>Commits batches from <paramref name="first"/> on until the log file is over <paramref name="bytes"/>; returns the last incident id.</summary>
    private async Task<int> GrowLogPastAsync(long bytes, int first)
    {
        var id = first;
        for (; Store.WalBytes <= bytes; id++)
        {
            await CommitAsync(Batch(id, signals: 8));
        }

        return id - 1;
    }

    /// <summary>One new incident with <paramref name="signals"/> signals of its own.</summary>
    private static ChangeSet Batch(int id, int signals)
    {
        var states = new SignalState[signals];
        for (int i = 0; i < signals; i++)
        {
            states[i] = State(Some.Alert(name: "Alert" + i, service: "svc" + id, resource: "host-" + i, at: id), id, firstSeen: id);
        }

        var incident = Open(id, states[0].Latest, at: id);
        for (int i = 1; i < signals; i++)
        {
            incident = incident.Attach(states[i].Latest, "group service=svc" + id, Some.At(id));
        }

        return Changes([incident], states);
    }

    /// <summary>Lists incidents until the writer finishes, as the API's readers would under load.</summary>
    private async Task ReadUntilDoneAsync(Task writer)
    {
        await Task.Yield();
        while (!writer.IsCompleted)
        {
            await Store.ListIncidentsAsync(new IncidentQuery { Limit = 50 }, Ct);
        }
    }
}
