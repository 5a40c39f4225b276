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
        var list = new List<KeyValuePair<string, string>>(pairs);
        if (list.Count == 0)
        {
            return Empty;
        }

        foreach (var pair in list)
        {
            ArgumentException.ThrowIfNullOrEmpty(pair.Key, nameof(pairs));
            ArgumentNullException.ThrowIfNull(pair.Value, nameof(pairs));
        }

        // Stable sort, then keep the last of equal names.
        var sorted = list.Select((p, i) => (p, i)).OrderBy(t => t.p.Key, StringComparer.Ordinal).ThenBy(t => t.i).Select(t => t.p).ToList();
        var result = new List<KeyValuePair<string, string>>(sorted.Count);
        foreach (var pair in sorted)
        {
            if (result.Count > 0 && string.Equals(result[^1].Key, pair.Key, StringComparison.Ordinal))
            {
                result[^1] = pair;
            }
            else
            {
                result.Add(pair);
            }
        }

        return new LabelSet([.. result]);
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
