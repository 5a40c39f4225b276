using System.Globalization;

namespace Correlator.Domain;

/// <summary>Derives a stable fingerprint for tools that send none: FNV-1a 64 over the source and the sorted labels.</summary>
public static class Fingerprints
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static string Compute(string source, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(labels);
        ulong hash = OffsetBasis;
        hash = Add(hash, source);
        foreach (var pair in labels)
        {
            hash = Add(hash, "\u00ff");
            hash = Add(hash, pair.Key);
            hash = Add(hash, "\u00fe");
            hash = Add(hash, pair.Value);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (char c in text)
        {
            hash ^= (byte)c;
            hash *= Prime;
            hash ^= (byte)(c >> 8);
            hash *= Prime;
        }

        return hash;
    }
}
