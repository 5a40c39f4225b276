using Correlator.Ingestion.LineProtocol;
using System.ComponentModel.DataAnnotations;

namespace Correlator.Kafka;

/// <summary>The <c>Kafka</c> settings section: consumer group membership, topics, limits, retries. Off by default.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>The format value that makes each message name its own format in a header.</summary>
    public const string HeaderFormat = "header";

    /// <summary>librdkafka settings the adapter owns: passing them through would break the exactly-once contract.</summary>
    public static IReadOnlySet<string> ReservedSettings { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "enable.auto.offset.store", "enable.auto.commit", "group.id", "bootstrap.servers", "partition.assignment.strategy", "enable.partition.eof",
    };

    public bool Enabled { get; set; }

    public string BootstrapServers { get; set; } = string.Empty;

    public string GroupId { get; set; } = "correlator";

    /// <summary>Topics carrying alerts and events, each with its payload format.</summary>
    public List<KafkaTopicOptions> AlertTopics { get; set; } = [];

    /// <summary>Topics carrying metric samples; their formats plug into <see cref="PayloadDecoders"/> (none is built in yet).</summary>
    public List<KafkaTopicOptions> MetricTopics { get; set; } = [];

    /// <summary>The header that names a message's format on topics whose format is <c>header</c>.</summary>
    public string FormatHeader { get; set; } = "correlator-format";

    /// <summary>Where messages that cannot be parsed or are over limits go, with their reason in headers.</summary>
    public string DeadLetterTopic { get; set; } = string.Empty;

    /// <summary>Most messages taken from the consumer before they are processed and committed together.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchMessages { get; set; } = 2_000;

    /// <summary>
    /// Most batches handed to the sink and not yet durable at once: while batch N is correlated and committed, the
    /// consumer polls and decodes batch N+1. Offsets are still stored strictly in order, each only once its batch
    /// is durable. 1 = one batch at a time (poll, decode, store, commit one after the other).
    /// </summary>
    [Range(1, 64)]
    public int MaxBatchesInFlight { get; set; } = 2;

    /// <summary>How long one poll waits for a message when none is ready.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A message value larger than this goes to the dead-letter topic unread.</summary>
    [Range(1, 1_000_000_000)]
    public int MaxMessageBytes { get; set; } = 1_048_576;

    /// <summary>Attempts after the first for a transient failure (store busy, broker error) before consumption stops.</summary>
    [Range(1, 1000)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First retry delay; it doubles each attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest single retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the consumer keeps retrying the commit of a revoked partition's offsets before letting the
    /// partition go (the rebalance waits meanwhile). An instance with a store of its own that takes the partition
    /// over relies on that commit to not read the processed messages again.
    /// </summary>
    public TimeSpan RevokeCommitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the commit gate may hold batches back because the group keeps refusing commits (a rebalance takes
    /// seconds) before consumption stops as faulted, with the reason in <c>/health</c>, rather than stall unseen.
    /// </summary>
    public TimeSpan CommitGateTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a dead letter may wait for the broker's acknowledgement before the attempt counts as failed.</summary>
    public TimeSpan DeadLetterTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// librdkafka settings passed through to the consumer and the dead-letter producer (SASL/SSL and tuning):
    /// <c>Kafka:Settings:security.protocol=SASL_SSL</c>, <c>Kafka:Settings:sasl.mechanism=PLAIN</c>, ...
    /// </summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A librdkafka shared library to load instead of the packaged one.</summary>
    public string? LibrdkafkaPath { get; set; }

    /// <summary>Every problem of an enabled configuration, each naming its key; empty when valid or disabled.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyCollection<string> knownFormats)
    {
        ArgumentNullException.ThrowIfNull(knownFormats);
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        Require(errors, BootstrapServers, nameof(BootstrapServers));
        Require(errors, GroupId, nameof(GroupId));
        Require(errors, DeadLetterTopic, nameof(DeadLetterTopic));
        Require(errors, FormatHeader, nameof(FormatHeader));
        if (AlertTopics.Count + MetricTopics.Count == 0)
        {
            errors.Add($"{SectionName}:AlertTopics: at least one topic is needed when {SectionName}:Enabled is true");
        }

        CheckTopics(errors, AlertTopics, nameof(AlertTopics), knownFormats);
        CheckTopics(errors, MetricTopics, nameof(MetricTopics), knownFormats);
        Positive(errors, PollTimeout, nameof(PollTimeout));
        if (MaxBatchesInFlight is < 1 or > 64)
        {
            errors.Add($"{SectionName}:MaxBatchesInFlight must be between 1 and 64 (got {MaxBatchesInFlight})");
        }

        Positive(errors, RetryBaseDelay, nameof(RetryBaseDelay));
        Positive(errors, DeadLetterTimeout, nameof(DeadLetterTimeout));
        Positive(errors, CommitGateTimeout, nameof(CommitGateTimeout));
        if (RevokeCommitTimeout < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:RevokeCommitTimeout must not be negative (got {RevokeCommitTimeout})");
        }
        if (RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add($"{SectionName}:RetryMaxDelay ({RetryMaxDelay}) must be at least {SectionName}:RetryBaseDelay ({RetryBaseDelay})");
        }

        foreach (var key in Settings.Keys.Where(ReservedSettings.Contains))
        {
            errors.Add($"{SectionName}:Settings:{key} is set by Correlator itself (offsets are stored only after the store commit) and cannot be overridden");
        }

        return errors;
    }

    private static void CheckTopics(List<string> errors, List<KafkaTopicOptions> topics, string key, IReadOnlyCollection<string> knownFormats)
    {
        for (int i = 0; i < topics.Count; i++)
        {
            var topic = topics[i];
            if (string.IsNullOrWhiteSpace(topic.Name))
            {
                errors.Add($"{SectionName}:{key}:{i}:Name is required");
            }

            if (topic.Format != HeaderFormat && !knownFormats.Contains(topic.Format))
            {
                errors.Add($"{SectionName}:{key}:{i}:Format '{topic.Format}' is not a known format (known: {string.Join(", ", knownFormats.Append(HeaderFormat))})");
            }

            if (topic.Precision is not null && (topic.Precision.Length == 0 || !LineProtocolTime.TryParsePrecision(topic.Precision, out _)))
            {
                errors.Add($"{SectionName}:{key}:{i}:Precision '{topic.Precision}' is not a timestamp unit (use ns, u, ms, s, m or h)");
            }
        }
    }

    private static void Require(List<string> errors, string value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{SectionName}:{key} is required when {SectionName}:Enabled is true");
        }
    }

    private static void Positive(List<string> errors, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{key} must be positive (got {value})");
        }
    }
}
