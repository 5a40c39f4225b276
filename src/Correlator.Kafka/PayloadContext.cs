using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Kafka;

/// <summary>What the topic and the message envelope tell a decoder beyond the value's bytes (a value: one per message, not allocated).</summary>
/// <param name="Parse">The alert parsers' context (the topic's source name).</param>
/// <param name="MessageTime">The message's Kafka timestamp: the event time of a metric line that carries none.</param>
/// <param name="Precision">The unit of metric timestamps on this topic, or null for the format's default.</param>
public readonly record struct PayloadContext(ParseContext Parse, DateTimeOffset MessageTime, LineProtocolPrecision? Precision = null);
