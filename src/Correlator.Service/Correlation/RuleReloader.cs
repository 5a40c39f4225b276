using Microsoft.Extensions.Options;

namespace Correlator.Service.Correlation;

/// <summary>Checks the rule and topology files every <c>CorrelationFiles:ReloadInterval</c> (hot reload).</summary>
internal sealed class RuleReloader(CorrelationRulesSource source, IOptions<RuleFilesOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReloadInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                source.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
