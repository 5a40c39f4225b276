namespace Correlator.Kafka;

/// <summary>
/// The fate of one submission of a partition's batch to the sink: pending, durable, or failed. The consumer
/// hands the sink the link of the batch before (<see cref="SinkSubmission.After"/>) while that batch is not yet
/// durable, so the sink can keep the store a prefix of the partition: a batch never becomes durable unless the
/// one before it did. The sink marks the outcome as soon as it is known (before its task completes), because a
/// later batch's fate may be decided on it meanwhile.
/// </summary>
public sealed class SubmissionLink
{
    private const int Pending = 0;
    private const int Durable = 1;
    private const int Failed = 2;

    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _queued = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Whether an attempt of this submission is durable (final).</summary>
    public bool IsDurable => Volatile.Read(ref _state) == Durable;

    /// <summary>Whether an attempt failed and none is durable yet (a retry may still make it durable).</summary>
    public bool IsFailed => Volatile.Read(ref _state) == Failed;

    /// <summary>Whether the sink has put an attempt of this submission in its ordered queue.</summary>
    public bool IsQueued => _queued.Task.IsCompleted;

    /// <summary>Completes once the first outcome (durable or failed) is known.</summary>
    public Task Settled => _settled.Task;

    /// <summary>Completes once an attempt is in the sink's ordered queue (or settled without getting there).</summary>
    public Task Queued => _queued.Task;

    public void MarkDurable()
    {
        Volatile.Write(ref _state, Durable);
        _queued.TrySetResult();
        _settled.TrySetResult();
    }

    /// <summary>Records a failed attempt; ignored once durable.</summary>
    public void MarkFailed()
    {
        Interlocked.CompareExchange(ref _state, Failed, Pending);
        _queued.TrySetResult();
        _settled.TrySetResult();
    }

    public void MarkQueued() => _queued.TrySetResult();

    /// <summary>Waits for the first outcome; throws <see cref="PredecessorFailedException"/> unless it is durable.</summary>
    public async Task WaitDurableAsync(CancellationToken cancellationToken)
    {
        await _settled.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!IsDurable)
        {
            throw new PredecessorFailedException();
        }
    }
}

/// <summary>A submission was refused because the batch before it (same partition) did not become durable.</summary>
public sealed class PredecessorFailedException : Exception
{
    public PredecessorFailedException()
        : base("The previous batch of this partition did not become durable, so this one may not either.")
    {
    }

    public PredecessorFailedException(string message)
        : base(message)
    {
    }

    public PredecessorFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
