using System.Collections.Concurrent;

namespace Correlator.Correlation;

/// <summary>Counters of what the correlation stage did, per stage of noise reduction and per source; read by /metrics and /api/stats.</summary>
public sealed class CorrelationStats
{
    private readonly ConcurrentDictionary<string, SourceCounters> _sources = new(StringComparer.Ordinal);
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
    private long _suppressed;
    private long _downgraded;
    private long _inhibited;
    private long _flappingStarted;
    private long _flappingHeld;
    private long _pending;
    private long _topologyJoined;
    private long _severityMapped;

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

    /// <summary>Firing signals silenced by a maintenance window.</summary>
    public long Suppressed => Volatile.Read(ref _suppressed);

    /// <summary>Firing signals whose severity a maintenance window lowered.</summary>
    public long Downgraded => Volatile.Read(ref _downgraded);

    /// <summary>Firing signals an inhibition rule put into a source's incident.</summary>
    public long Inhibited => Volatile.Read(ref _inhibited);

    /// <summary>Times a signal started flapping.</summary>
    public long FlappingStarted => Volatile.Read(ref _flappingStarted);

    /// <summary>Status changes held because their signal was flapping.</summary>
    public long FlappingHeld => Volatile.Read(ref _flappingHeld);

    /// <summary>Firing signals held below a grouping rule's thresholds.</summary>
    public long Pending => Volatile.Read(ref _pending);

    /// <summary>Signals attached to an incident through the topology (k hops), a subset of <see cref="SignalsAttached"/>.</summary>
    public long TopologyJoined => Volatile.Read(ref _topologyJoined);

    /// <summary>Signals whose severity a severity mapping changed.</summary>
    public long SeverityMapped => Volatile.Read(ref _severityMapped);

    /// <summary>The counters per source, ordered by source name.</summary>
    public IReadOnlyList<KeyValuePair<string, SourceCounters>> BySource() => [.. _sources.OrderBy(p => p.Key, StringComparer.Ordinal)];

    internal SourceCounters Source(string source) => _sources.GetOrAdd(source, static _ => new SourceCounters());

    internal SourceCounters CountReceived(string source)
    {
        Interlocked.Increment(ref _received);
        var counters = Source(source);
        Interlocked.Increment(ref counters.ReceivedCount);
        return counters;
    }

    internal void CountDeduplicated(SourceCounters source)
    {
        Interlocked.Increment(ref _deduplicated);
        Interlocked.Increment(ref source.DeduplicatedCount);
    }

    internal void CountRedelivered(SourceCounters source)
    {
        Interlocked.Increment(ref _redelivered);
        Interlocked.Increment(ref source.DeduplicatedCount);
    }

    internal void CountStale() => Interlocked.Increment(ref _stale);

    internal void CountResolvedUnknown() => Interlocked.Increment(ref _resolvedUnknown);

    internal void CountOpened(SourceCounters source)
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref source.OpenedCount);
    }

    internal void CountAttached(SourceCounters source)
    {
        Interlocked.Increment(ref _attached);
        Interlocked.Increment(ref source.GroupedCount);
    }

    internal void CountResolved() => Interlocked.Increment(ref _resolved);

    internal void CountReopened() => Interlocked.Increment(ref _reopened);

    internal void CountClosed() => Interlocked.Increment(ref _closed);

    internal void CountSuppressed(SourceCounters source)
    {
        Interlocked.Increment(ref _suppressed);
        Interlocked.Increment(ref source.SuppressedCount);
    }

    internal void CountDowngraded() => Interlocked.Increment(ref _downgraded);

    internal void CountInhibited(SourceCounters source)
    {
        Interlocked.Increment(ref _inhibited);
        Interlocked.Increment(ref source.InhibitedCount);
    }

    internal void CountFlappingStarted() => Interlocked.Increment(ref _flappingStarted);

    internal void CountFlappingHeld(SourceCounters source)
    {
        Interlocked.Increment(ref _flappingHeld);
        Interlocked.Increment(ref source.FlappingCount);
    }

    internal void CountPending(SourceCounters source)
    {
        Interlocked.Increment(ref _pending);
        Interlocked.Increment(ref source.PendingCount);
    }

    internal void CountTopologyJoined() => Interlocked.Increment(ref _topologyJoined);

    internal void CountSeverityMapped() => Interlocked.Increment(ref _severityMapped);
}
