using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing.Kafka;

/// <summary>Where a <c>kafka</c> target produces its incident events, and the producer's settings.</summary>
public sealed class KafkaTargetOptions
{
    [Required]
    [MinLength(1)]
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The output topic; every event of one incident goes to the same partition (the key is the incident id).</summary>
    [Required]
    [MinLength(1)]
    public string Topic { get; set; } = string.Empty;

    /// <summary>How long one event may wait for the broker's acknowledgement before the attempt counts as failed (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>librdkafka settings passed through to the producer (SASL/SSL, tuning), e.g. <c>security.protocol=SASL_SSL</c>.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}
