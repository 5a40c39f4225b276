using Correlator.Service.Http;

namespace Correlator.Service.Kafka;

/// <summary>Reads the Kafka consumer's state for /health; null when Kafka is off or not registered (e.g. replay).</summary>
internal static class KafkaHealth
{
    public static KafkaHealthDto? Read(IServiceProvider services)
    {
        var ingestor = services.GetService<KafkaIngestionService>()?.Ingestor;
        return ingestor is null
            ? null
            : new KafkaHealthDto(ingestor.State.ToString(), ingestor.FaultReason, ingestor.MessagesProcessed, ingestor.MessagesDeadLettered, ingestor.MessagesSkipped);
    }
}
