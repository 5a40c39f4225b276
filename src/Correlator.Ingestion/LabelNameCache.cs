using System.Collections.Concurrent;
using System.Text;

namespace Correlator.Ingestion;

/// <summary>
/// Shared strings for the label and annotation names a parser reads again and again (alertname, severity,
/// instance...): the UTF-8 bytes of a name are decoded on the stack and looked up, so a known name costs no
/// allocation. Bounded (<see cref="IngestionLimits.LabelNameCacheEntries"/>): once full, new names are plain
/// new strings. Safe for concurrent parses.
/// </summary>
internal sealed class LabelNameCache(int capacity)
{
    private const int MaxCachedLength = 64;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>The name for <paramref name="utf8"/> (valid UTF-8, unescaped).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (capacity == 0 || utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxCachedLength];
        int length = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        var name = new string(chars[..length]);
        return _names.Count < capacity ? _names.GetOrAdd(name, name) : name;
    }
}
