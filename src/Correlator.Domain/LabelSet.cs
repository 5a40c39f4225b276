using System.Collections;

namespace Correlator.Domain;

/// <summary>
/// An immutable set of name/value pairs (labels or annotations), kept sorted by name so two sets with
/// the same pairs are equal and hash alike whatever order a tool sent them in.
/// </summary>
public sealed class LabelSet : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    private LabelSet(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    /// <summary>The set with no pairs.</summary>
    public static LabelSet Empty { get; } = new([]);

    public int Count => _pairs.Length;

    public KeyValuePair<string, string> this[int index] => _pairs[index];

    /// <summary>Builds a set; a name given twice keeps its last value.</summary>
    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return FromOwned(pairs is ICollection<KeyValuePair<string, string>> collection ? CopyOf(collection) : [.. pairs]);
    }

    /// <summary>Builds a set from pairs in any order; a name given twice keeps its last value.</summary>
    public static LabelSet From(ReadOnlySpan<KeyValuePair<string, string>> pairs) => FromOwned(pairs.ToArray());

    /// <summary>Sorts the (already copied) array in place, drops earlier duplicates, and wraps it.</summary>
    private static LabelSet FromOwned(KeyValuePair<string, string>[] pairs)
    {
        if (pairs.Length == 0)
        {
            return Empty;
        }

        foreach (var pair in pairs)
        {
            ArgumentException.ThrowIfNullOrEmpty(pair.Key, nameof(pairs));
            ArgumentNullException.ThrowIfNull(pair.Value, nameof(pairs));
        }

        if (pairs.Length > 32)
        {
            // Many labels: an O(n log n) sort, made stable by the arrival index.
            var order = Enumerable.Range(0, pairs.Length).ToArray();
            var keys = pairs;
            Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a].Key, keys[b].Key) is var c && c != 0 ? c : a.CompareTo(b));
            pairs = Array.ConvertAll(order, i => keys[i]);
        }

        // Insertion sort: stable, allocation-free and fastest for the handful of labels a signal carries.
        for (int i = 1; i < pairs.Length; i++)
        {
            var current = pairs[i];
            int j = i - 1;
            while (j >= 0 && string.CompareOrdinal(pairs[j].Key, current.Key) > 0)
            {
                pairs[j + 1] = pairs[j];
                j--;
            }

            pairs[j + 1] = current;
        }

        // Equal names are now adjacent in arrival order: keep the last of each run.
        int kept = 0;
        for (int i = 0; i < pairs.Length; i++)
        {
            if (kept > 0 && string.Equals(pairs[kept - 1].Key, pairs[i].Key, StringComparison.Ordinal))
            {
                pairs[kept - 1] = pairs[i];
            }
            else
            {
                pairs[kept++] = pairs[i];
            }
        }

        return new LabelSet(kept == pairs.Length ? pairs : pairs[..kept]);
    }

    private static KeyValuePair<string, string>[] CopyOf(ICollection<KeyValuePair<string, string>> collection)
    {
        var array = new KeyValuePair<string, string>[collection.Count];
        collection.CopyTo(array, 0);
        return array;
    }

    public static LabelSet From(params (string Name, string Value)[] pairs) =>
        From(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    public bool TryGetValue(string name, out string value)
    {
        int lo = 0, hi = _pairs.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            int cmp = string.CompareOrdinal(_pairs[mid].Key, name);
            if (cmp == 0)
            {
                value = _pairs[mid].Value;
                return true;
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The value of <paramref name="name"/>, or null when absent.</summary>
    public string? GetValueOrDefault(string name) => TryGetValue(name, out var value) ? value : null;

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._pairs.Length != _pairs.Length)
        {
            return false;
        }

        for (int i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i].Key, other._pairs[i].Key, StringComparison.Ordinal)
                || !string.Equals(_pairs[i].Value, other._pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var pair in _pairs)
        {
            hash.Add(pair.Key, StringComparer.Ordinal);
            hash.Add(pair.Value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", _pairs.Select(p => p.Key + "=\"" + p.Value + "\"")) + "}";
}
