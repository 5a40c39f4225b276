using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;
using Correlator.Ingestion.Samples;

namespace Correlator.Kafka;

/// <summary>
/// The decoders by format name. Each wraps the parser HTTP ingestion uses for that format (one parser per
/// format): the alert formats, <c>auto</c> (detected per message as replay files are), InfluxDB line protocol
/// as <c>/write</c> reads it (<c>line-protocol</c>, what Telegraf's Kafka output writes with
/// <c>data_format = "influx"</c>) and Telegraf's JSON metrics (<c>telegraf-json</c>). More decoders are
/// added with <see cref="Add"/> before the consumer starts.
/// </summary>
public sealed class PayloadDecoders
{
    public const string AutoFormat = "auto";
    public const string LineProtocolFormat = "line-protocol";
    public const string TelegrafJsonFormat = "telegraf-json";

    private readonly Dictionary<string, IPayloadDecoder> _decoders = new(StringComparer.Ordinal);

    public PayloadDecoders(IngestionLimits limits, LineProtocolLimits? lineLimits = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lineLimits ??= new LineProtocolLimits();
        Add(new ParserDecoder(new AlertmanagerWebhookParser(limits)));
        Add(new ParserDecoder(new GenericEventParser(limits)));
        Add(new ParserDecoder(new CloudEventsParser(limits)));
        Add(new AutoDecoder(new NdjsonLineParser(limits)));
        Add(new LineProtocolDecoder(new LineProtocolParser(lineLimits), lineLimits.SeriesCacheEntries));
        Add(new TelegrafJsonDecoder(new TelegrafJsonParser(lineLimits)));
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

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context) => DecodedPayload.From(parser.Parse(value, context.Parse));
    }

    private sealed class AutoDecoder(NdjsonLineParser parser) : IPayloadDecoder
    {
        public string Format => AutoFormat;

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context) =>
            value.Span.Trim(" \t\r\n"u8).IsEmpty
                ? DecodedPayload.Failure("$", "empty message")
                : DecodedPayload.From(parser.ParseLine(value, context.Parse));
    }

    /// <summary>
    /// Telegraf's influx serializer writes nanosecond timestamps, InfluxDB's default too. Keeps a series cache
    /// (<c>LineProtocol:SeriesCacheEntries</c>) across messages: a metric topic repeats its series every
    /// interval. The lock is uncontended (one consumer thread) and keeps the decoder safe for any caller.
    /// </summary>
    private sealed class LineProtocolDecoder(LineProtocolParser parser, int cacheEntries) : IPayloadDecoder
    {
        private readonly LineProtocolSeriesCache? _cache = cacheEntries > 0 ? new LineProtocolSeriesCache(cacheEntries) : null;
        private readonly Lock _gate = new();

        public string Format => LineProtocolFormat;

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context)
        {
            var batch = new LineProtocolBatch();
            lock (_gate)
            {
                parser.Parse(value.Span, context.Precision ?? LineProtocolPrecision.Nanoseconds, context.MessageTime, batch, _cache);
            }

            return DecodedPayload.From(batch);
        }
    }

    /// <summary>Telegraf's json serializer writes whole seconds unless <c>json_timestamp_units</c> says otherwise.</summary>
    private sealed class TelegrafJsonDecoder(TelegrafJsonParser parser) : IPayloadDecoder
    {
        public string Format => TelegrafJsonFormat;

        public DecodedPayload Decode(ReadOnlyMemory<byte> value, PayloadContext context) =>
            DecodedPayload.From(parser.Parse(value, context.Precision ?? LineProtocolPrecision.Seconds, context.MessageTime));
    }
}
