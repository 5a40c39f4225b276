namespace Correlator.Service.Pipeline;

/// <summary>Starts the correlation loop with the host and drains it on shutdown.</summary>
internal sealed class PipelineHost(SignalPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pipeline.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.StopAsync(cancellationToken);
}
