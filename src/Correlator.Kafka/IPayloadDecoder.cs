using Correlator.Ingestion;

namespace Correlator.Kafka;

/// <summary>Reads one message value in one wire format; the extension point for formats other stages bring (metric samples).</summary>
public interface IPayloadDecoder
{
    string Format { get; }

    DecodedPayload Decode(ReadOnlyMemory<byte> value, ParseContext context);
}
