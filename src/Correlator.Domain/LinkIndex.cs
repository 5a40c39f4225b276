using System.Runtime.InteropServices;

namespace Correlator.Domain;

/// <summary>
/// Where each fingerprint first appears among the links of one lineage of <see cref="AppendOnlyList{T}"/> versions, so
/// that <see cref="Incident.IsLinked"/> costs a lookup, not a scan. Every version of a lineage holds the same link at
/// each position it has, so one index serves them all: a version of <c>n</c> links contains a fingerprint when its first
/// position is below <c>n</c>. Positions are indexed lazily, up to the longest version asked about. Safe for
/// concurrent readers (incidents are shared between threads): a lock, almost never contended (the correlation loop
/// is nearly the only caller), where a concurrent dictionary cost a node per link and re-made every node when it grew.
/// </summary>
internal sealed class LinkIndex(object lineage)
{
    private readonly Dictionary<string, int> _first = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _covered;

    public object Lineage { get; } = lineage;

    /// <summary>Whether <paramref name="fingerprint"/> is among <paramref name="links"/> (a version of this lineage).</summary>
    public bool Contains(AppendOnlyList<SignalLink> links, string fingerprint)
    {
        lock (_lock)
        {
            // Raised, never lowered: a shorter version of the lineage asks about positions already indexed.
            for (int i = _covered; i < links.Count; i++)
            {
                Record(links[i].Fingerprint, i);
                _covered = i + 1;
            }

            return _first.TryGetValue(fingerprint, out var at) && at < links.Count;
        }
    }

    /// <summary>Keeps the lowest position of a fingerprint (links added outside <see cref="Incident.Attach"/> may repeat one).</summary>
    private void Record(string fingerprint, int at)
    {
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_first, fingerprint, out bool exists);
        if (!exists || at < first)
        {
            first = at;
        }
    }
}
