using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>
/// SIGHUP reloads the prediction model (as <c>POST /api/admin/models/reload</c> does), when the stage is enabled and the
/// platform has POSIX signals. The signal is handled (not passed on), so it no longer ends the process.
/// </summary>
internal sealed partial class ModelReloadOnSignal(PredictionModels models, IOptions<PredictionOptions> options, ILogger<ModelReloadOnSignal> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled && !OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    /// <summary>The handler, also called by tests: reloads off the signal thread.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = Task.Run(() =>
        {
            try
            {
                var loaded = models.Reload();
                if (logger.IsEnabled(LogLevel.Information))
                {
                    LogReloaded(loaded.Card is { } card ? "v" + card.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : "cold start", loaded.Note);
                }
            }
            catch (Exception error) when (error is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                LogReloadFailed(error);
            }
        });
    }

    [LoggerMessage(EventId = 10_101, Level = LogLevel.Information, Message = "SIGHUP: prediction model reloaded ({Version}): {Note}")]
    private partial void LogReloaded(string version, string note);

    [LoggerMessage(EventId = 10_102, Level = LogLevel.Error, Message = "SIGHUP: the prediction model could not be reloaded; the loaded one stays")]
    private partial void LogReloadFailed(Exception error);
}
