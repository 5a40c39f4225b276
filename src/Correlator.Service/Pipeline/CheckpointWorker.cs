using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Pipeline;

/// <summary>
/// Checkpoints the store's write-ahead log in the background every <c>Storage:CheckpointInterval</c>, so the
/// correlation loop never waits for the fsync of a checkpoint.
/// </summary>
internal sealed partial class CheckpointWorker(SqliteStore store, IOptions<StorageOptions> options, TimeProvider clock, ILogger<CheckpointWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await store.CheckpointAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StorageException error)
            {
                // The next tick tries again; the log only grows meanwhile.
                LogCheckpointFailed(error);
            }
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Background checkpoint of the store failed; it is retried at the next interval")]
    private partial void LogCheckpointFailed(Exception error);
}
