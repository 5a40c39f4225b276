using Correlator.Ingestion;

namespace Correlator.Kafka;

/// <summary>
/// The decoders by format name. The alert formats wrap the parsers HTTP ingestion uses (one parser per
/// format); <c>auto</c> detects the format per message as replay files do. More decoders are added with
/// <see cref="Add"/> before the consumer starts.
/// </summary>
public sealed class PayloadDecoders
{
    public const string AutoFormat = "auto";

    private readonly Dictionary<string, IPayloadDecoder> _decoders = new(StringComparer.Ordinal);

    public PayloadDecoders(IngestionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Add(new ParserDecoder(new AlertmanagerWebhookParser(limits)));
        Add(new ParserDecoder(new GenericEventParser(limits)));
        Add(new ParserDecoder(new CloudEventsParser(limits)));
        Add(new AutoDecoder(new NdjsonLineParser(limits)));
    }

    public IReadOnlyCollection<string> Formats => _decoders.Keys;

    public void Add(IPayloadDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        _decoders[decoder.Format] = decoder;
    }

    public bool TryGet(string format, out IPayloadDecoder decoder) => _decoders.TryGetValue(format, out decoder!);

    private sealed class ParserDecoder(ISignalParser parser) : IPayloadDecoder
    {
        public string Format => parser.Format;

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, ParseContext context) => DecodedPayload.From(parser.Parse(value, context));
    }

    private sealed class AutoDecoder(NdjsonLineParser parser) : IPayloadDecoder
    {
        public string Format => AutoFormat;

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, ParseContext context) =>
            value.Span.Trim(" \t\r\n"u8).IsEmpty
                ? DecodedPayload.Failure("$", "empty message")
                : DecodedPayload.From(parser.ParseLine(value, context));
    }
}
