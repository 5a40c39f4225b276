using System.Threading.Channels;
using Correlator.Service.Pipeline;

namespace Correlator.Service.Incidents;

/// <summary>
/// Hosts the incident-management stage: subscribes to the correlation loop's commits before loading (so nothing
/// committed in between is missed), then runs one loop that takes committed incidents as they come and, when
/// <c>IncidentStage:AdvanceWithClock</c> is on, moves event time with the clock every <c>TickInterval</c>. Count-only
/// changes the stage holds back are written every <c>DeferredFlushInterval</c> and when the host stops.
/// </summary>
internal sealed partial class IncidentStageHost(IncidentStage stage, SignalPipeline pipeline, TimeProvider clock, ILogger<IncidentStageHost> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        stage.Pending += Wake;
        pipeline.Committed += stage.OnCommitted;
        await stage.StartAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        pipeline.Committed -= stage.OnCommitted;
        stage.Pending -= Wake;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // A catch-up pass is not cancelled half-way (the manager would be ahead of the store): let it commit.
        await stage.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Counts held back are written now rather than recounted at the next start.
        if (stage.IsStarted && stage.DeferredRecords > 0)
        {
            await GuardAsync(() => stage.FlushDeferredAsync(cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticks = stage.Options.AdvanceWithClock ? TickAsync(stoppingToken) : Task.CompletedTask;
        var flushes = stage.Options.DeferredFlushInterval > TimeSpan.Zero ? FlushAsync(stoppingToken) : Task.CompletedTask;
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                await GuardAsync(() => stage.TakeInAsync(stoppingToken)).ConfigureAwait(false);
                if (stage.Options.PassInterval > TimeSpan.Zero)
                {
                    // Commits that come in meanwhile wait for one pass together (readers catch up on their own).
                    await Task.Delay(stage.Options.PassInterval, clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what was committed stays, the rest is caught up at the next start.
        }

        await ticks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await flushes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task FlushAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(stage.Options.DeferredFlushInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (stage.DeferredRecords > 0)
            {
                await GuardAsync(() => stage.FlushDeferredAsync(stoppingToken)).ConfigureAwait(false);
            }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(stage.Options.TickInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await GuardAsync(() => stage.AdvanceAsync(clock.GetUtcNow(), stoppingToken)).ConfigureAwait(false);
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>A failed pass is logged and the loop goes on: the stage rebuilt itself from the store, and the next pass retries.</summary>
    private async Task GuardAsync(Func<Task> pass)
    {
        try
        {
            await pass().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPassFailed(error);
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "An incident-management pass failed; it is retried with the next change or tick")]
    private partial void LogPassFailed(Exception error);
}
