namespace Correlator.Kafka;

/// <summary>
/// Where the consumer hands decoded signals: the service's correlation pipeline. A chunk is durable when
/// <see cref="SubmitAsync"/> returns, with its input position written in the same store transaction.
/// </summary>
public interface ISignalSink
{
    /// <summary>The last committed position of every input, by input name.</summary>
    Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the signals — and those the detector bank raises from the metric samples — and moves the
    /// submission's input to its position atomically, marking <see cref="SinkSubmission.Link"/> with the outcome.
    /// Several submissions may be in flight at once; one with <see cref="SinkSubmission.After"/> set must not become
    /// durable unless that one does (a sink without an ordered queue waits for it with
    /// <see cref="SubmissionLink.WaitDurableAsync"/>). Throws <see cref="SinkStoppedException"/> when the sink can
    /// never accept anything again; any other exception is a transient failure, retried by the caller.
    /// </summary>
    Task SubmitAsync(SinkSubmission submission, CancellationToken cancellationToken);
}
