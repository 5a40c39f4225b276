using Correlator.Domain;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Pipeline;

/// <summary>
/// In live operation, moves event time forward with the (injected) clock, so an incident whose
/// signals all cleared resolves even when nothing else arrives. Replays do not run it.
/// </summary>
internal sealed class ClockTicker(SignalPipeline pipeline, TimeProvider clock, IOptions<PipelineOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AdvanceWithClock)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.TickInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // A full queue is busy anyway; the next tick tries again.
            pipeline.TryEnqueue(new PipelineItem(Array.Empty<Signal>(), advanceTo: clock.GetUtcNow()));
        }
    }
}
