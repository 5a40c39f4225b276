namespace Correlator.Kafka;

/// <summary>One topic to consume and how its payloads are read.</summary>
public sealed class KafkaTopicOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The payload format (a name in <see cref="PayloadDecoders"/>: <c>alertmanager</c>, <c>events</c>,
    /// <c>cloudevents</c>, <c>auto</c>; for metrics <c>line-protocol</c>, <c>telegraf-json</c>), or <c>header</c>: each message names its format in the
    /// <see cref="KafkaOptions.FormatHeader"/> header.
    /// </summary>
    public string Format { get; set; } = "auto";

    /// <summary>The source name given to the parser (<c>ParseContext.SourceHint</c>); null: the format's default.</summary>
    public string? Source { get; set; }

    /// <summary>
    /// The unit of metric timestamps on this topic (<c>ns</c>, <c>u</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>); null: the
    /// format's default — nanoseconds for <c>line-protocol</c>, seconds for <c>telegraf-json</c>, as Telegraf writes them.
    /// </summary>
    public string? Precision { get; set; }
}
