using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;
using Correlator.Kafka;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Kafka;

/// <summary>
/// Runs the Kafka consumer when <c>Kafka:Enabled</c> is true. Registered after the pipeline, so the host
/// stops it first: the batch in hand is stored and the offsets committed while the loop still runs.
/// </summary>
internal sealed class KafkaIngestionService(
    IOptions<KafkaOptions> options,
    IOptions<IngestionLimits> limits,
    IOptions<LineProtocolLimits> lineLimits,
    PipelineSignalSink sink,
    TimeProvider clock,
    ILogger<KafkaIngestor> logger) : IHostedService, IDisposable
{
    /// <summary>The consumer, once started; null when Kafka is off.</summary>
    public KafkaIngestor? Ingestor { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        // Fails start-up with the files tried when no librdkafka build loads here.
        KafkaNativeLibrary.EnsureLoaded(options.Value.LibrdkafkaPath);
        Ingestor = new KafkaIngestor(options.Value, new PayloadDecoders(limits.Value, lineLimits.Value), sink, clock, logger);
        Ingestor.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Ingestor is null ? Task.CompletedTask : Ingestor.StopAsync(cancellationToken);

    public void Dispose() => Ingestor?.Dispose();
}
