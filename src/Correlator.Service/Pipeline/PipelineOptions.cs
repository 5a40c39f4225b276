using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Pipeline;

/// <summary>Bounds of the in-process queue between the ingestion endpoints and the correlation loop.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Requests (batches) waiting for the correlation loop; beyond it ingestion answers 429.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Signals waiting in the queue, summed over requests; beyond it ingestion answers 429.</summary>
    [Range(1, 100_000_000)]
    public int MaxQueuedSignals { get; set; } = 200_000;

    /// <summary>Most signals processed and committed in one store transaction.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchSignals { get; set; } = 5_000;

    /// <summary>
    /// How long the loop may wait for more requests before committing a batch that is not full (group
    /// commit): a commit has a fixed cost, so under load a short wait buys many signals per commit. Zero
    /// commits whatever is queued at once.
    /// </summary>
    public TimeSpan CommitLinger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether the loop correlates the next batch while the previous one commits (two cores instead of one). Off
    /// commits each batch before correlating the next; results are the same either way.
    /// </summary>
    public bool OverlapCommit { get; set; } = true;

    /// <summary>Seconds a client is told to wait (Retry-After) when the queue is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Whether the wall clock (an injected TimeProvider) also moves event time forward, so incidents
    /// resolve and close when no new signal arrives. Off for replays, which use event time only.
    /// </summary>
    public bool AdvanceWithClock { get; set; } = true;

    /// <summary>How often the clock moves event time forward, when <see cref="AdvanceWithClock"/> is on.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);
}

