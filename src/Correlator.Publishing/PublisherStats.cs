namespace Correlator.Publishing;

/// <summary>What one target's publisher did since it started (read by /health and /metrics).</summary>
public sealed class PublisherStats
{
    private long _delivered;
    private long _parked;
    private long _deferred;
    private long _retries;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Parked => Interlocked.Read(ref _parked);

    public long Deferred => Interlocked.Read(ref _deferred);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The latest failure's text, or null when the last call succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>True while the circuit breaker refuses calls to the target.</summary>
    public bool CircuitOpen { get; internal set; }

    internal void OnDelivered()
    {
        Interlocked.Increment(ref _delivered);
        LastError = null;
    }

    internal void OnParked(string error)
    {
        Interlocked.Increment(ref _parked);
        LastError = error;
    }

    internal void OnDeferred(string error)
    {
        Interlocked.Increment(ref _deferred);
        LastError = error;
    }

    internal void OnRetry() => Interlocked.Increment(ref _retries);
}
