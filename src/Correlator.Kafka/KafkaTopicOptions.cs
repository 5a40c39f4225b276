namespace Correlator.Kafka;

/// <summary>One topic to consume and how its payloads are read.</summary>
public sealed class KafkaTopicOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The payload format (a name in <see cref="PayloadDecoders"/>: <c>alertmanager</c>, <c>events</c>,
    /// <c>cloudevents</c>, <c>auto</c>), or <c>header</c>: each message names its format in the
    /// <see cref="KafkaOptions.FormatHeader"/> header.
    /// </summary>
    public string Format { get; set; } = "auto";

    /// <summary>The source name given to the parser (<c>ParseContext.SourceHint</c>); null: the format's default.</summary>
    public string? Source { get; set; }
}
