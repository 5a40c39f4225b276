using Correlator.Kafka;

namespace Correlator.Service.Bench;

/// <summary>
/// The sink of the <c>parse</c> and <c>none</c> streams of <c>bench kafka</c>: counts what the consumer hands over and
/// marks it durable at once, so the consumer's offsets move as soon as a batch is decoded. Nothing is stored.
/// </summary>
internal sealed class KafkaBenchDiscardSink : ISignalSink
{
    private static readonly IReadOnlyDictionary<string, string> NoPositions = new Dictionary<string, string>();
    private long _signals;
    private long _samples;

    /// <summary>Signals handed over so far.</summary>
    public long Signals => Interlocked.Read(ref _signals);

    /// <summary>Metric samples handed over so far.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    public Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken) => Task.FromResult(NoPositions);

    public async Task SubmitAsync(SinkSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.After is { IsDurable: false } after)
        {
            // The contract: never durable before the batch ahead of it (here that one is always settled already).
            await after.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Add(ref _signals, submission.Signals.Count);
        Interlocked.Add(ref _samples, submission.Samples.Count);
        submission.Link.MarkDurable();
    }
}
