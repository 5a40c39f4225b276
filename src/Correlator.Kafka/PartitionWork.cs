using Confluent.Kafka;
using Correlator.Domain;

namespace Correlator.Kafka;

/// <summary>What one batch took from one partition: its signals and samples, its dead letters, and the last offset it covers.</summary>
internal sealed class PartitionWork(TopicPartition partition)
{
    public TopicPartition Partition { get; } = partition;

    public List<Signal> Signals { get; } = [];

    public List<MetricSample> Samples { get; } = [];

    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>The offset of the first message taken (where to seek back to when the batch is held back).</summary>
    public long FirstOffset { get; set; } = -1;

    public long LastOffset { get; set; } = -1;

    public int Messages { get; set; }

    /// <summary>Messages skipped because the store already holds them (re-delivery after a crash).</summary>
    public int Skipped { get; set; }

    /// <summary>The outcome of this work's submission to the sink, once submitted.</summary>
    public SubmissionLink? Link { get; set; }

    /// <summary>The partition was lost while this work was in flight: its offsets are not stored.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Whether the store must be written: anything but skipped messages.</summary>
    public bool NeedsCommit => Signals.Count > 0 || Samples.Count > 0 || DeadLetters.Count > 0;
}
