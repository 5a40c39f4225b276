using Correlator.Publishing;

namespace Correlator.Service.Publishing;

/// <summary>
/// The <c>Publishing</c> section: the targets effects go to (none by default: the built-in incident is the
/// ticket and nothing is written to the outbox) and how their publishers retry.
/// </summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>Targets by name, e.g. <c>Publishing:Targets:rt:Type=rt</c>.</summary>
    public Dictionary<string, PublishingTargetOptions> Targets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Retry, timeout, circuit breaker and batching of every target's publisher.</summary>
    public PublisherOptions Publisher { get; set; } = new();

    /// <summary>How long delivered rows are kept (for inspection) before they are deleted.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>One target: its connector type and that connector's settings.</summary>
public sealed class PublishingTargetOptions
{
    /// <summary><c>builtin</c>, <c>webhook</c>, <c>rt</c> (Request Tracker 5), <c>servicenow</c>, <c>kafka</c> or <c>email</c>.</summary>
    public string Type { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    public Correlator.Publishing.Webhooks.WebhookOptions? Webhook { get; set; }

    public Correlator.Publishing.RequestTracker.RequestTrackerOptions? RequestTracker { get; set; }

    public Correlator.Publishing.ServiceNow.ServiceNowOptions? ServiceNow { get; set; }

    /// <summary>For <c>Type=kafka</c>: incident events to an output topic (issue 3).</summary>
    public Correlator.Publishing.Kafka.KafkaTargetOptions? Kafka { get; set; }

    /// <summary>For <c>Type=email</c>: escalation notices by SMTP (issue 8).</summary>
    public Correlator.Publishing.Email.EmailOptions? Email { get; set; }
}
