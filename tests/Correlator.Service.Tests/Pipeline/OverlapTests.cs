using Correlator.Service.Pipeline;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Service.Tests.Pipeline;

/// <summary>
/// The loop correlates what arrives while a commit is in flight, also when the queue was empty as the commit
/// started: a producer that hands over one batch at a time (the Kafka consumer) gets correlation and the commit on
/// two cores. The commit is held by another connection's write lock, so "in flight" lasts as long as the test wants.
/// </summary>
public sealed class OverlapTests
{
    [Fact]
    public async Task BatchArrivingDuringACommit_IsCorrelatedBeforeTheCommitEnds_AndBothAreStored()
    {
        await using var host = await ServiceHost.StartAsync("Storage:BusyTimeout=00:01:00");
        var pipeline = host.Pipeline;
        var path = Path.Combine(host.DataDirectory, "correlator.db");
        await using var blocker = new SqliteConnection($"Data Source={path};Pooling=False");
        await blocker.OpenAsync(TestContext.Current.CancellationToken);
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var firstCorrelated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondCorrelated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new PipelineItem([Some.Alert("DiskFull", "db", "db-1", at: 0)])
        {
            Precondition = () =>
            {
                firstCorrelated.TrySetResult();
                return null;
            },
        };
        var second = new PipelineItem([Some.Alert("HighLatency", "checkout", "web-1", at: 1)])
        {
            Precondition = () =>
            {
                secondCorrelated.TrySetResult();
                return null;
            },
        };

        await pipeline.EnqueueAsync(first, TestContext.Current.CancellationToken);
        await firstCorrelated.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Let the loop start the commit and find the queue empty: arriving before that, the second batch would be
        // correlated behind the commit however the loop waits. (The delay only gives the loop time; it does not
        // decide the outcome, which the lock holds until the end of the test.)
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Assert.Equal(0, pipeline.QueueDepth);
        await pipeline.EnqueueAsync(second, TestContext.Current.CancellationToken);

        // The first batch's commit waits for the write lock; the second must be correlated meanwhile.
        var correlated = await Task.WhenAny(secondCorrelated.Task, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.Same(secondCorrelated.Task, correlated);
        Assert.False(first.Completion.IsCompleted, "the first batch was answered before its commit could take the write lock");

        await using (var release = blocker.CreateCommand())
        {
            release.CommandText = "ROLLBACK;";
            await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await first.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await second.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await using var reader = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await reader.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM signals";
        Assert.Equal(2L, (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}
