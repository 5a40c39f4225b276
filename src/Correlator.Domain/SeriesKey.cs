using System.Text;

namespace Correlator.Domain;

/// <summary>
/// The identity of one metric series: measurement, tags and field, as InfluxDB names them. Two keys
/// with the same parts are equal whatever order the tags came in (the tags are a sorted <see cref="LabelSet"/>);
/// the hash is computed once, because the detector bank looks every sample's key up.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    private readonly int _hash;

    public SeriesKey(string measurement, LabelSet tags, string field)
    {
        // Empty is refused; a name of spaces is legal in line protocol (escaped), so it is kept.
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        ArgumentException.ThrowIfNullOrEmpty(field);
        Measurement = measurement;
        Tags = tags ?? LabelSet.Empty;
        Field = field;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(Measurement), Tags.GetHashCode(), StringComparer.Ordinal.GetHashCode(Field));
    }

    public string Measurement { get; }

    public LabelSet Tags { get; }

    public string Field { get; }

    public bool Equals(SeriesKey? other) =>
        ReferenceEquals(this, other)
        || (other is not null && other._hash == _hash
            && string.Equals(Measurement, other.Measurement, StringComparison.Ordinal)
            && string.Equals(Field, other.Field, StringComparison.Ordinal)
            && Tags.Equals(other.Tags));

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    public override int GetHashCode() => _hash;

    /// <summary>A readable form for logs and reports: <c>cpu,host=a usage_idle</c> (not line protocol: no escaping).</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Measurement);
        foreach (var tag in Tags)
        {
            text.Append(',').Append(tag.Key).Append('=').Append(tag.Value);
        }

        return text.Append(' ').Append(Field).ToString();
    }
}
