namespace Correlator.Kafka;

/// <summary>Reads one message value in one wire format; the extension point for formats other stages bring.</summary>
public interface IPayloadDecoder
{
    string Format { get; }

    DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context);
}
