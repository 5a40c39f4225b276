using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Problems;

/// <summary>Mines the incident history for problem suggestions at start and then every <see cref="ProblemSuggestionOptions.Interval"/>.</summary>
internal sealed partial class ProblemMiningService(ProblemSuggestionSync sync, IOptions<ProblemSuggestionOptions> options, TimeProvider clock, ILogger<ProblemMiningService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await sync.RunAsync(stoppingToken).ConfigureAwait(false);
                Mined(logger, result.Incidents, result.Proposed, result.Updated, result.Reproposed);
            }
            catch (StorageException ex)
            {
                Failed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.Interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Problem mining read {Incidents} incidents: {Proposed} new suggestions, {Updated} updated, {Reproposed} proposed again")]
    private static partial void Mined(ILogger logger, int incidents, int proposed, int updated, int reproposed);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Problem mining failed; it runs again at the next interval")]
    private static partial void Failed(ILogger logger, Exception error);
}
