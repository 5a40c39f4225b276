using System.Buffers.Binary;

namespace Correlator.Ingestion;

/// <summary>
/// A cheap hash of a short UTF-8 string's bytes, for the direct-mapped slots of <see cref="LabelNameCache"/> and
/// <see cref="LabelValueCache"/>: it reads the bytes as they are in the payload (no decoding to UTF-16 before the
/// lookup). Not randomized and not collision-resistant: a collision only costs a cache miss, because a slot's
/// string is always compared with the bytes in full before it is returned.
/// </summary>
internal static class ShortUtf8Hash
{
    public static int Of(ReadOnlySpan<byte> utf8)
    {
        ulong hash = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        while (utf8.Length >= sizeof(ulong))
        {
            hash = Mix(hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8));
            utf8 = utf8[sizeof(ulong)..];
        }

        ulong tail = 0;
        foreach (byte b in utf8)
        {
            tail = (tail << 8) | b;
        }

        hash = Mix(hash ^ tail);
        return (int)hash ^ (int)(hash >> 32);
    }

    // The finalizer of SplitMix64: every input bit reaches every output bit.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
