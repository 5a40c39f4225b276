using System.Collections.Concurrent;

namespace Correlator.Domain;

/// <summary>
/// Where each fingerprint first appears among the links of one lineage of <see cref="AppendOnlyList{T}"/> versions, so
/// that <see cref="Incident.IsLinked"/> costs a lookup, not a scan. Every version of a lineage holds the same link at
/// each position it has, so one index serves them all: a version of <c>n</c> links contains a fingerprint when its first
/// position is below <c>n</c>. Positions are indexed lazily, up to the longest version asked about. Safe for
/// concurrent readers (incidents are shared between threads).
/// </summary>
internal sealed class LinkIndex(object lineage)
{
    private readonly ConcurrentDictionary<string, int> _first = new(StringComparer.Ordinal);
    private int _covered;

    public object Lineage { get; } = lineage;

    /// <summary>Whether <paramref name="fingerprint"/> is among <paramref name="links"/> (a version of this lineage).</summary>
    public bool Contains(AppendOnlyList<SignalLink> links, string fingerprint)
    {
        int covered = Volatile.Read(ref _covered);
        if (covered < links.Count)
        {
            for (int i = covered; i < links.Count; i++)
            {
                Record(links[i].Fingerprint, i);
            }

            // Raised, never lowered: a shorter version may be caught up at the same time.
            int seen;
            while ((seen = Volatile.Read(ref _covered)) < links.Count && Interlocked.CompareExchange(ref _covered, links.Count, seen) != seen)
            {
            }
        }

        return _first.TryGetValue(fingerprint, out var at) && at < links.Count;
    }

    /// <summary>Keeps the lowest position of a fingerprint (links added outside <see cref="Incident.Attach"/> may repeat one).</summary>
    private void Record(string fingerprint, int at)
    {
        while (!_first.TryAdd(fingerprint, at))
        {
            if (!_first.TryGetValue(fingerprint, out var known) || known <= at || _first.TryUpdate(fingerprint, at, known))
            {
                return;
            }
        }
    }
}
