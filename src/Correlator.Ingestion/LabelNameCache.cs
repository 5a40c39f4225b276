using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Correlator.Ingestion;

/// <summary>
/// Shared strings for the label and annotation names a parser reads again and again (alertname, severity,
/// instance...): a known name costs no allocation. Bounded (<see cref="IngestionLimits.LabelNameCacheEntries"/>):
/// once full, new names are plain new strings. The names live in a dictionary; a direct-mapped table in front of
/// it, chosen by the name's UTF-8 bytes (<see cref="ShortUtf8Hash"/>), finds a recurring name without decoding
/// it. Safe for concurrent parses (a slot holds an immutable string, read and written whole).
/// </summary>
internal sealed class LabelNameCache
{
    private const int MaxCachedLength = 64;

    /// <summary>Slots of the table in front of the dictionary at most (16 KiB of references).</summary>
    private const int MaxSlots = 2048;

    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly string?[] _slots;
    private readonly int _mask;

    /// <param name="capacity">Names held at most; 0 turns the cache off.</param>
    public LabelNameCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        int size = capacity == 0 ? 0 : (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)capacity), MaxSlots);
        _slots = new string?[size];
        _mask = size - 1;
    }

    /// <summary>The name for <paramref name="utf8"/> (valid UTF-8, unescaped).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_capacity == 0 || utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref _slots[ShortUtf8Hash.Of(utf8) & _mask];
        var recent = Volatile.Read(ref slot);
        if (recent is not null && LabelValueCache.Matches(utf8, recent))
        {
            return recent;
        }

        if (Shared(utf8) is not { } known)
        {
            // Full: a new name is not shared, and does not take a slot from a shared one.
            return Encoding.UTF8.GetString(utf8);
        }

        Volatile.Write(ref slot, known);
        return known;
    }

    /// <summary>The dictionary's string for the name, added if there is room; null when the cache is full without it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string? Shared(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxCachedLength];
        int length = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        if (_names.Count >= _capacity)
        {
            return null;
        }

        var name = new string(chars[..length]);
        return _names.GetOrAdd(name, name);
    }
}
