namespace Correlator.Service.Pipeline;

/// <summary>What became of an item offered to the pipeline's queue.</summary>
internal enum EnqueueResult
{
    Queued,

    /// <summary>The queue is at <c>Pipeline:QueueCapacity</c> or <c>Pipeline:MaxQueuedSignals</c>: try again later (429).</summary>
    Full,

    /// <summary>The correlation loop is not running: the service cannot accept anything (503).</summary>
    Stopped,
}
