using System.Numerics;
using System.Text;

namespace Correlator.Ingestion;

/// <summary>
/// Shared strings for short label and annotation values that recur across alerts (severity, job, namespace, cluster,
/// service, alertname, runbook URL...): a value is decoded on the stack and compared with the one string its hash
/// slot holds, so a recurring value costs no allocation. A direct-mapped table of
/// <see cref="IngestionLimits.LabelValueCacheEntries"/> slots: a new value takes its slot over, so values seen once
/// (an instance, a pod) pass through without pinning the table, and the frequent ones win their slots back. Bounded
/// in memory (slots × <see cref="MaxCachedLength"/> characters at most); safe for concurrent parses (a slot holds an
/// immutable string, read and written whole).
/// </summary>
internal sealed class LabelValueCache
{
    /// <summary>Longer values (descriptions, summaries) are rarely repeated word for word and are not cached.</summary>
    public const int MaxCachedLength = 64;

    private readonly string?[] _slots;
    private readonly int _mask;

    /// <param name="entries">Slots, rounded up to a power of two; 0 turns the cache off.</param>
    public LabelValueCache(int entries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        int size = entries == 0 ? 0 : (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)entries), 1u << 30);
        _slots = new string?[size];
        _mask = size - 1;
    }

    /// <summary>The value for <paramref name="utf8"/> (valid UTF-8, unescaped).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_slots.Length == 0 || utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> buffer = stackalloc char[MaxCachedLength];
        var chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
        ref var slot = ref _slots[string.GetHashCode(chars) & _mask];
        var known = Volatile.Read(ref slot);
        if (known is not null && chars.SequenceEqual(known))
        {
            return known;
        }

        var value = new string(chars);
        Volatile.Write(ref slot, value);
        return value;
    }
}
