using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Correlator.Ingestion;

/// <summary>
/// Shared strings for short label and annotation values that recur across alerts (severity, job, namespace, cluster,
/// service, alertname, runbook URL...): a value's UTF-8 bytes choose a slot (<see cref="ShortUtf8Hash"/>) and are
/// compared with the one string it holds, so a recurring value costs no allocation. A direct-mapped table of
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

        // The slot is chosen by the bytes and its string compared with them as they are: an ASCII value (nearly
        // all of them) is neither decoded nor hashed as UTF-16 unless it is new.
        ref var slot = ref _slots[ShortUtf8Hash.Of(utf8) & _mask];
        var known = Volatile.Read(ref slot);
        if (known is not null && Matches(utf8, known))
        {
            return known;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref slot, value);
        return value;
    }

    /// <summary>True when <paramref name="known"/> is the UTF-16 form of <paramref name="utf8"/>.</summary>
    internal static bool Matches(ReadOnlySpan<byte> utf8, string known)
    {
        // ASCII: one character per byte, compared without decoding. Otherwise a UTF-8 string is never shorter
        // in bytes than in UTF-16 characters, and is compared decoded.
        if (known.Length == utf8.Length && Ascii.Equals(utf8, known))
        {
            return true;
        }

        return known.Length < utf8.Length && !Ascii.IsValid(utf8) && MatchesDecoded(utf8, known);
    }

    // Apart, so that the hit path has no stack buffer to clear on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MatchesDecoded(ReadOnlySpan<byte> utf8, string known)
    {
        Span<char> buffer = stackalloc char[MaxCachedLength];
        return utf8.Length <= MaxCachedLength && buffer[..Encoding.UTF8.GetChars(utf8, buffer)].SequenceEqual(known);
    }
}
