using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Pipeline;

/// <summary>
/// Checkpoints the store's write-ahead log in the background every <c>Storage:CheckpointInterval</c>, so the
/// correlation loop never waits for the fsync of a checkpoint; between two, it looks at the log's size every
/// <c>Storage:WalCheckInterval</c> and checkpoints at once when it is over <c>Storage:WalLimitBytes</c>, which the
/// store then truncates.
/// </summary>
internal sealed partial class CheckpointWorker(SqliteStore store, CheckpointMetrics metrics, IOptions<StorageOptions> options, TimeProvider clock, ILogger<CheckpointWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var look = settings.WalCheckInterval < settings.CheckpointInterval ? settings.WalCheckInterval : settings.CheckpointInterval;
        using var timer = new PeriodicTimer(look, clock);
        var last = clock.GetTimestamp();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (await CheckAsync(clock.GetElapsedTime(last) >= settings.CheckpointInterval, stoppingToken).ConfigureAwait(false))
            {
                last = clock.GetTimestamp();
            }
        }
    }

    // After a busy truncation (readers stayed while commits waited) only the interval retries it, not every look.
    private bool _lastBusy;

    /// <summary>
    /// One look: a checkpoint when <paramref name="intervalDue"/> or when the log is over the limit already (unless
    /// the last truncation found the log busy); otherwise nothing. Returns whether it checkpointed.
    /// </summary>
    internal async Task<bool> CheckAsync(bool intervalDue, CancellationToken cancellationToken)
    {
        if (!intervalDue && (_lastBusy || !store.WalOverLimit))
        {
            return false;
        }

        await CheckpointOnceAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>One checkpoint, counted; a failure or a busy log is logged and left to the next look.</summary>
    internal async Task CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await store.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            metrics.Record(outcome);
            _lastBusy = outcome.Busy;
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
