namespace Correlator.Kafka;

/// <summary>Where a Kafka consumer stands, for /health.</summary>
public enum KafkaConsumerState
{
    Starting,
    Running,

    /// <summary>Stopped on purpose (shutdown).</summary>
    Stopped,

    /// <summary>Stopped by a failure that retries did not cure; the offset of the failed batch was not stored.</summary>
    Faulted,
}
