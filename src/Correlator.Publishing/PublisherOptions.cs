using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing;

/// <summary>How each target's publisher drains the outbox: batch, concurrency, retries, timeout and circuit breaker.</summary>
public sealed class PublisherOptions
{
    /// <summary>Rows claimed at once (at most one per incident, so rows of one incident stay in order).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Rows of different streams delivered at the same time.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long the loop waits when nothing is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries of one row within one claim, after its first call.</summary>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First retry delay; doubled per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of a retry delay (a target's Retry-After is honoured up to this too).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one call to the target.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio over <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before it lets one through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When a row's retries are spent on transient errors, when its stream is tried again (the row stays pending).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DeferAfterFailure { get; set; } = TimeSpan.FromSeconds(10);
}
