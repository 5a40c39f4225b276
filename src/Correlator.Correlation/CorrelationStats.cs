namespace Correlator.Correlation;

/// <summary>Counters of what the correlation stage did, per stage of noise reduction; read by /metrics.</summary>
public sealed class CorrelationStats
{
    private long _received;
    private long _deduplicated;
    private long _redelivered;
    private long _stale;
    private long _resolvedUnknown;
    private long _opened;
    private long _attached;
    private long _resolved;
    private long _reopened;
    private long _closed;

    /// <summary>Signals handed to the stage.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Repeats of a known condition that only updated its count and last-seen time.</summary>
    public long Deduplicated => Volatile.Read(ref _deduplicated);

    /// <summary>Notifications dropped because the same sender event id was already processed.</summary>
    public long Redelivered => Volatile.Read(ref _redelivered);

    /// <summary>Out-of-order status changes older than what is known, ignored.</summary>
    public long Stale => Volatile.Read(ref _stale);

    /// <summary>Resolved notifications for conditions never seen firing.</summary>
    public long ResolvedUnknown => Volatile.Read(ref _resolvedUnknown);

    public long IncidentsOpened => Volatile.Read(ref _opened);

    /// <summary>Signals attached to an incident that was already open.</summary>
    public long SignalsAttached => Volatile.Read(ref _attached);

    public long IncidentsResolved => Volatile.Read(ref _resolved);

    public long IncidentsReopened => Volatile.Read(ref _reopened);

    public long IncidentsClosed => Volatile.Read(ref _closed);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountDeduplicated() => Interlocked.Increment(ref _deduplicated);

    internal void CountRedelivered() => Interlocked.Increment(ref _redelivered);

    internal void CountStale() => Interlocked.Increment(ref _stale);

    internal void CountResolvedUnknown() => Interlocked.Increment(ref _resolvedUnknown);

    internal void CountOpened() => Interlocked.Increment(ref _opened);

    internal void CountAttached() => Interlocked.Increment(ref _attached);

    internal void CountResolved() => Interlocked.Increment(ref _resolved);

    internal void CountReopened() => Interlocked.Increment(ref _reopened);

    internal void CountClosed() => Interlocked.Increment(ref _closed);
}
