using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>Firing signals of one group key held until the grouping rule's minimum occurrences and distinct signals are reached.</summary>
internal sealed class PendingGroup
{
    public List<(Signal Signal, long Occurrences, DateTimeOffset LastSeen)> Entries { get; } = [];

    public long Occurrences { get; private set; }

    /// <summary>Forgets what was last seen before <paramref name="since"/>: the thresholds count within the window.</summary>
    public void Prune(DateTimeOffset since)
    {
        Entries.RemoveAll(e => e.LastSeen < since);
        Occurrences = Entries.Sum(e => e.Occurrences);
    }

    public void Add(Signal signal)
    {
        var index = Entries.FindIndex(e => e.Signal.Fingerprint == signal.Fingerprint);
        Entries.Add(index < 0 ? (signal, 1, signal.EventTime) : (signal, Entries[index].Occurrences + 1, signal.EventTime));
        if (index >= 0)
        {
            Entries.RemoveAt(index);
        }

        Occurrences++;
    }

    public void Remove(string fingerprint)
    {
        Entries.RemoveAll(e => e.Signal.Fingerprint == fingerprint);
        Occurrences = Entries.Sum(e => e.Occurrences);
    }
}
