using System.Collections.Concurrent;
using System.Text;
using Correlator.Domain;
using Correlator.Service.Pipeline;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Pipeline;

/// <summary>The worker's handling of a write-ahead log over <c>Storage:WalLimitBytes</c>: what it logs and counts in /metrics.</summary>
public sealed class CheckpointWorkerTests : IDisposable
{
    private const long OneMiB = 1024 * 1024;
    private readonly TempDirectory _data = new("checkpoint");
    private readonly StorageOptions _options;

    public CheckpointWorkerTests()
    {
        _options = new StorageOptions { DataDirectory = _data.Path, WalLimitBytes = OneMiB, CheckpointBusyTimeout = TimeSpan.FromMilliseconds(50) };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    /// <summary>A connection of its own with a read transaction open in the log, which keeps a truncation busy.</summary>
    private async Task<ReaderInTheLog> OpenReaderInTheLogAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _options.FilePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        var transaction = connection.BeginTransaction(deferred: true);
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM incidents";
            await read.ExecuteScalarAsync(Ct);
        }

        return new ReaderInTheLog(connection, transaction);
    }

    private sealed record ReaderInTheLog(SqliteConnection Connection, SqliteTransaction Transaction) : IDisposable
    {
        public void Dispose() => Connection.Dispose();
    }

    [Fact]
    public async Task CheckpointOnceAsync_ReaderKeepsTheLogBusy_WarnsAndCountsBusy()
    {
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        await GrowLogPastLimitAsync(store);
        var (worker, metrics, log) = Worker(store);
        using var reader = await OpenReaderInTheLogAsync();
        using var transaction = reader.Transaction;

        await worker.CheckpointOnceAsync(Ct);

        var warning = Assert.Single(log.Entries);
        Assert.Equal((LogLevel.Warning, 1202), (warning.Level, warning.EventId));
        Assert.Contains("Storage:WalLimitBytes", warning.Message, StringComparison.Ordinal);
        var text = Render(metrics);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"busy\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"truncated\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_wal_bytes " + store.WalBytes + "\n", text, StringComparison.Ordinal);
        Assert.True(store.WalBytes > OneMiB);
    }

    [Fact]
    public async Task CheckpointOnceAsync_LogOverTheLimit_TruncatesItAndCountsIt()
    {
        _options.WalTruncateToZero = true;
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        await GrowLogPastLimitAsync(store);
        var (worker, metrics, log) = Worker(store);

        await worker.CheckpointOnceAsync(Ct);
        await worker.CheckpointOnceAsync(Ct);

        Assert.Empty(log.Entries);
        var text = Render(metrics);
        Assert.Contains("# TYPE correlator_store_wal_bytes gauge\ncorrelator_store_wal_bytes 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE correlator_store_checkpoints_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"truncated\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"passive\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"failed\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LogOverTheLimitBeforeTheInterval_TruncatesAtOnce()
    {
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        await GrowLogPastLimitAsync(store);
        var (worker, metrics, _) = Worker(store);

        var checkpointed = await worker.CheckAsync(intervalDue: false, Ct);
        await CommitOneAsync(store, 100_000);

        // Rewound by the look, cut back to the limit by the writer's next commit.
        Assert.True(checkpointed);
        Assert.True(store.WalBytes <= OneMiB, $"The log is {store.WalBytes} bytes after the look and a commit.");
        Assert.Equal(1, metrics.Count("truncated"));
        var text = Render(metrics);
        Assert.Contains("# TYPE correlator_store_checkpoint_write_lock_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoint_write_lock_seconds_bucket{le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoint_write_lock_seconds_count 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoint_pages_copied_under_lock_total ", text, StringComparison.Ordinal);
        Assert.Single(metrics.LockHolds());
    }

    [Fact]
    public async Task CheckAsync_LogUnderTheLimitBeforeTheInterval_DoesNothing()
    {
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        var (worker, metrics, _) = Worker(store);

        var checkpointed = await worker.CheckAsync(intervalDue: false, Ct);

        Assert.False(checkpointed);
        Assert.Equal(0, metrics.Count("passive"));
        Assert.Contains("correlator_store_checkpoint_write_lock_seconds_count 0\n", Render(metrics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_IntervalDueLogUnderTheLimit_ChecksPassivelyWithoutTheLock()
    {
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        var (worker, metrics, _) = Worker(store);

        var checkpointed = await worker.CheckAsync(intervalDue: true, Ct);

        Assert.True(checkpointed);
        Assert.Equal(1, metrics.Count("passive"));
        Assert.Empty(metrics.LockHolds());
    }

    [Fact]
    public async Task CheckAsync_AfterABusyTruncation_WaitsForTheIntervalToRetry()
    {
        await using var store = await SqliteStore.OpenAsync(_options, Ct);
        await GrowLogPastLimitAsync(store);
        var (worker, metrics, _) = Worker(store);
        using var reader = await OpenReaderInTheLogAsync();
        using var transaction = reader.Transaction;

        var first = await worker.CheckAsync(intervalDue: false, Ct);
        var early = await worker.CheckAsync(intervalDue: false, Ct);
        transaction.Rollback();
        var due = await worker.CheckAsync(intervalDue: true, Ct);
        await CommitOneAsync(store, 100_000);

        // Commits wait while a truncation waits for readers: a busy log is not retried at every look.
        Assert.Equal((true, false, true), (first, early, due));
        Assert.Equal((1, 1), (metrics.Count("busy"), metrics.Count("truncated")));
        Assert.True(store.WalBytes <= OneMiB);
    }

    [Fact]
    public async Task Metrics_RunningService_ShowsTheLogSizeAndCheckpointsByOutcome()
    {
        await using var host = await ServiceHost.StartAsync("Storage:CheckpointInterval=00:00:00.050");
        using (await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("HighLatency", "checkout", "web-1", Some.At(0), null, "critical"))))
        {
        }

        const string NoPassiveYet = "correlator_store_checkpoints_total{outcome=\"passive\"} 0\n";
        var text = NoPassiveYet;
        for (int attempt = 0; attempt < 200 && text.Contains(NoPassiveYet, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50, Ct);
            using var response = await host.Client.GetAsync("/metrics", Ct);
            text = await response.Content.ReadAsStringAsync(Ct);
        }

        Assert.DoesNotContain(NoPassiveYet, text, StringComparison.Ordinal);
        Assert.Contains("# TYPE correlator_store_wal_bytes gauge\ncorrelator_store_wal_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"truncated\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_store_checkpoints_total{outcome=\"busy\"} 0\n", text, StringComparison.Ordinal);
    }

    private (CheckpointWorker Worker, CheckpointMetrics Metrics, RecordingLogger Log) Worker(SqliteStore store)
    {
        var metrics = new CheckpointMetrics(store);
        var log = new RecordingLogger();
        return (new CheckpointWorker(store, metrics, Options.Create(_options), TimeProvider.System, log), metrics, log);
    }

    private static string Render(CheckpointMetrics metrics)
    {
        var text = new StringBuilder();
        metrics.Render(text);
        return text.ToString();
    }

    /// <summary>Commits one incident after another until the log file is over the 1 MiB limit.</summary>
    private static async Task GrowLogPastLimitAsync(SqliteStore store)
    {
        for (int id = 1; store.WalBytes <= OneMiB; id++)
        {
            await CommitOneAsync(store, id);
        }
    }

    private static async Task CommitOneAsync(SqliteStore store, int id)
    {
        var signal = Some.Alert(service: "svc" + id, resource: "host-" + id, at: id);
        var changes = new ChangeSet();
        changes.Put(Incident.Open(id, "service=svc" + id, signal, "group service=svc" + id, Some.At(id)), null);
        changes.Put(new SignalState(signal, Some.At(id), Some.At(id), 1, id));
        await store.CommitAsync(changes, Ct);
    }

    private sealed class RecordingLogger : ILogger<CheckpointWorker>
    {
        private readonly ConcurrentQueue<(LogLevel Level, int EventId, string Message)> _entries = new();

        public IReadOnlyCollection<(LogLevel Level, int EventId, string Message)> Entries => _entries;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
    }
}
