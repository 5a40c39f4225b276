using Correlator.Domain;

namespace Correlator.Kafka;

/// <summary>
/// One partition's part of a consumer batch for the sink: its signals and samples, the input position they bring
/// the store to, the link the sink marks with the outcome, and — while the batch before it (same partition) is not
/// durable yet — that batch's link, which this one must not overtake.
/// </summary>
public sealed class SinkSubmission(IReadOnlyList<Signal> signals, IReadOnlyList<MetricSample> samples, string input, string position, SubmissionLink link, SubmissionLink? after)
{
    public IReadOnlyList<Signal> Signals { get; } = signals ?? throw new ArgumentNullException(nameof(signals));

    public IReadOnlyList<MetricSample> Samples { get; } = samples ?? throw new ArgumentNullException(nameof(samples));

    public string Input { get; } = input ?? throw new ArgumentNullException(nameof(input));

    public string Position { get; } = position ?? throw new ArgumentNullException(nameof(position));

    /// <summary>Marked durable or failed by the sink as soon as the outcome is known.</summary>
    public SubmissionLink Link { get; } = link ?? throw new ArgumentNullException(nameof(link));

    /// <summary>
    /// The previous batch of the same input, still in flight: this submission may become durable only if that one
    /// does (the store must stay a prefix of the partition, since re-deliveries at or below its position are
    /// skipped). Null when there is none in flight.
    /// </summary>
    public SubmissionLink? After { get; } = after;
}
