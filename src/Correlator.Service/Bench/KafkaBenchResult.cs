using Correlator.Kafka;

namespace Correlator.Service.Bench;

/// <summary>What one <c>bench kafka</c> run measured.</summary>
/// <param name="Seconds">From host start until the last message was acknowledged (or the run gave up).</param>
/// <param name="FirstAt">Seconds until the first batch was acknowledged (group join included).</param>
/// <param name="CpuSeconds">CPU time the whole process used meanwhile (producer, mock broker, consumer, loop, GC).</param>
internal sealed record KafkaBenchResult(
    double Seconds,
    double FirstAt,
    long Processed,
    KafkaConsumerState State,
    bool Stalled,
    long Commits,
    long ProducedBytes,
    long Produced,
    long ProducerWaits,
    KafkaIngestorTimings Timings,
    long BankSamples,
    long Anomalies,
    int Processors,
    double CpuSeconds)
{
    /// <summary>Where the stream ended: the store, or a sink that dropped the signals.</summary>
    public KafkaBenchSink Sink { get; init; } = KafkaBenchSink.Full;

    /// <summary>Signals the discarding sink was handed (its streams only).</summary>
    public long Signals { get; init; }

    /// <summary>Managed bytes the whole process allocated over the stream (all threads, the producer's included).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Managed bytes the bench's producer thread allocated (payloads and Confluent's producer objects).</summary>
    public long ProducerAllocatedBytes { get; init; }

    /// <summary>The correlation loop's time in the engine (on the loop's thread), summed over the run.</summary>
    public TimeSpan Correlate { get; init; }

    /// <summary>The loop's time in the SQLite commits (overlapping the next batch's correlation), summed over the run.</summary>
    public TimeSpan Commit { get; init; }

    /// <summary>Signals in the batches the loop committed.</summary>
    public long CommittedSignals { get; init; }
}
