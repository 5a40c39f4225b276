namespace Correlator.Kafka;

/// <summary>
/// Reads one message value in one wire format; the extension point for formats other stages bring. The value is
/// valid only during <see cref="Decode"/> (the consumer reuses its buffer for the next message): keep no reference to it.
/// </summary>
public interface IPayloadDecoder
{
    string Format { get; }

    DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context);
}
