using Correlator.Ingestion;
using Correlator.Kafka;

namespace Correlator.Service.Bench;

/// <summary>The format of the <c>none</c> stream of <c>bench kafka</c>: every message is taken as valid and empty, unread.</summary>
internal sealed class KafkaBenchSkipDecoder : IPayloadDecoder
{
    public const string FormatName = "bench-skip";

    private static readonly DecodedPayload Nothing = DecodedPayload.From(ParseResult.Empty);

    public string Format => FormatName;

    public DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context) => Nothing;
}
