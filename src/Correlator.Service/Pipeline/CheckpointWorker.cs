using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Pipeline;

/// <summary>
/// Checkpoints the store's write-ahead log in the background every <c>Storage:CheckpointInterval</c>, so the
/// correlation loop never waits for the fsync of a checkpoint; the store truncates the log when it is over
/// <c>Storage:WalLimitBytes</c>.
/// </summary>
internal sealed partial class CheckpointWorker(SqliteStore store, CheckpointMetrics metrics, IOptions<StorageOptions> options, TimeProvider clock, ILogger<CheckpointWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await CheckpointOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One checkpoint, counted; a failure or a busy log is logged and left to the next tick.</summary>
    internal async Task CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await store.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            metrics.Record(outcome);
            if (outcome.Busy)
            {
                LogCheckpointBusy(outcome.WalBytes, options.Value.WalLimitBytes);
            }
        }
        catch (StorageException error)
        {
            // The next tick tries again; the log only grows meanwhile.
            metrics.Failed();
            LogCheckpointFailed(error);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Background checkpoint of the store failed; it is retried at the next interval")]
    private partial void LogCheckpointFailed(Exception error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The write-ahead log ({WalBytes} bytes) is over Storage:WalLimitBytes ({LimitBytes}) but readers kept it busy beyond Storage:CheckpointBusyTimeout; truncating it is retried at the next interval")]
    private partial void LogCheckpointBusy(long walBytes, long limitBytes);
}
