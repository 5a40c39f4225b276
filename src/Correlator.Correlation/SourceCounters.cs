namespace Correlator.Correlation;

/// <summary>What correlation did with the signals of one source, per noise-reduction stage (thread-safe reads).</summary>
public sealed class SourceCounters
{
    internal long ReceivedCount;
    internal long DeduplicatedCount;
    internal long SuppressedCount;
    internal long InhibitedCount;
    internal long FlappingCount;
    internal long PendingCount;
    internal long GroupedCount;
    internal long OpenedCount;

    /// <summary>Notifications handed to correlation.</summary>
    public long Received => Volatile.Read(ref ReceivedCount);

    /// <summary>Repeats (same status, or an already-seen sender event id) folded into a known condition.</summary>
    public long Deduplicated => Volatile.Read(ref DeduplicatedCount);

    /// <summary>Firing signals silenced by a maintenance window.</summary>
    public long Suppressed => Volatile.Read(ref SuppressedCount);

    /// <summary>Firing signals put into a source's incident by an inhibition rule.</summary>
    public long Inhibited => Volatile.Read(ref InhibitedCount);

    /// <summary>Status changes held because the signal was flapping.</summary>
    public long Flapping => Volatile.Read(ref FlappingCount);

    /// <summary>Firing signals held below a grouping rule's minimum occurrences / signals.</summary>
    public long Pending => Volatile.Read(ref PendingCount);

    /// <summary>Firing signals attached to an incident already open (by group key or topology).</summary>
    public long Grouped => Volatile.Read(ref GroupedCount);

    /// <summary>Incidents this source's signals opened.</summary>
    public long Opened => Volatile.Read(ref OpenedCount);
}
