namespace Correlator.Kafka;

/// <summary>
/// Where the consumer thread spent its time: waiting in librdkafka's poll (<paramref name="Consume"/>), in the
/// format parsers (<paramref name="Decode"/>), waiting for the sink — correlation and the store commit — and
/// for dead letters (<paramref name="Sink"/>), and storing and committing offsets (<paramref name="Offsets"/>).
/// </summary>
public sealed record KafkaIngestorTimings(TimeSpan Consume, TimeSpan Decode, TimeSpan Sink, TimeSpan Offsets)
{
    public static KafkaIngestorTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Bytes the consumer thread allocated on the managed heap: Confluent's message objects, decoding, hand-off.</summary>
    public long AllocatedBytes { get; init; }
}
