using Correlator.Domain;

namespace Correlator.Ingestion.LineProtocol;

/// <summary>
/// Remembers what the series section of a line (measurement and tags, as the bytes arrived, up to the first
/// unescaped space) parsed to — the measurement name, the sorted tag set and one <see cref="SeriesKey"/> per
/// field key — so that a sender repeating its series (Telegraf sends the same series every interval) costs
/// a hash lookup instead of a string per name, a tag-set sort and a key per field. The same key instance for
/// every sample of a series also makes the detector bank's lookups reference comparisons. Only valid sections
/// are remembered; the bytes decide the result, so a hit is exactly what parsing would give.
/// Bounded: when <see cref="Capacity"/> sections are held, it starts again empty. Not thread-safe: one per
/// thread (the Kafka consumer thread) or behind a lock.
/// </summary>
public sealed class LineProtocolSeriesCache
{
    /// <summary>Field keys remembered per series; a series with more distinct field keys builds the rest each time.</summary>
    public const int MaxFieldsPerSeries = 64;

    private readonly Dictionary<byte[], Series> _sections;
    private readonly Dictionary<byte[], Series>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public LineProtocolSeriesCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _sections = new Dictionary<byte[], Series>(Math.Min(capacity, 1024), BytesComparer.Instance);
        _lookup = _sections.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Most series sections held.</summary>
    public int Capacity { get; }

    public int Count => _sections.Count;

    /// <summary>Lookups answered from the cache, and sections parsed and added.</summary>
    public long Hits { get; private set; }

    public long Misses { get; private set; }

    internal Series? Find(ReadOnlySpan<byte> section)
    {
        if (_lookup.TryGetValue(section, out var series))
        {
            Hits++;
            return series;
        }

        Misses++;
        return null;
    }

    internal Series Add(ReadOnlySpan<byte> section, string measurement, LabelSet tags)
    {
        if (_sections.Count >= Capacity)
        {
            _sections.Clear();
        }

        var series = new Series(measurement, tags);
        _sections[section.ToArray()] = series;
        return series;
    }

    /// <summary>One series section: its measurement and tags, and the keys of the fields seen with it.</summary>
    internal sealed class Series(string measurement, LabelSet tags)
    {
        private byte[][] _fieldBytes = new byte[4][];
        private SeriesKey[] _keys = new SeriesKey[4];
        private int _count;

        public string Measurement { get; } = measurement;

        public LabelSet Tags { get; } = tags;

        public SeriesKey? Find(ReadOnlySpan<byte> rawField)
        {
            for (int i = 0; i < _count; i++)
            {
                if (rawField.SequenceEqual(_fieldBytes[i]))
                {
                    return _keys[i];
                }
            }

            return null;
        }

        public void Add(ReadOnlySpan<byte> rawField, SeriesKey key)
        {
            if (_count == MaxFieldsPerSeries)
            {
                return;
            }

            if (_count == _keys.Length)
            {
                Array.Resize(ref _fieldBytes, Math.Min(_count * 2, MaxFieldsPerSeries));
                Array.Resize(ref _keys, _fieldBytes.Length);
            }

            _fieldBytes[_count] = rawField.ToArray();
            _keys[_count] = key;
            _count++;
        }
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        // HashCode is seeded per process, so a sender cannot choose sections that collide.
        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = default(HashCode);
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
