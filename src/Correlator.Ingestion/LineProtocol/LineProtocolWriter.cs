using System.Globalization;
using System.Text;

namespace Correlator.Ingestion.LineProtocol;

/// <summary>
/// Builds a line-protocol body point by point, with InfluxDB 1.x escaping: <c>,</c> and space in
/// measurements; <c>,</c> <c>=</c> and space in tag keys, tag values and field keys; <c>"</c> and
/// <c>\</c> in string values. A name InfluxDB 1.x cannot carry (empty, a line break, or a backslash
/// right before an escaped character or at the end, which 1.x would read as an escape) is refused with
/// an <see cref="ArgumentException"/> naming it (as is a measurement starting with <c>#</c>, a comment), and the point is not written.
/// </summary>
public sealed class LineProtocolWriter
{
    private readonly StringBuilder _body = new();
    private readonly StringBuilder _line = new();
    private readonly LineProtocolPrecision _precision;
    private bool _hasFields;
    private bool _open;

    public LineProtocolWriter(LineProtocolPrecision precision = LineProtocolPrecision.Nanoseconds) => _precision = precision;

    public LineProtocolPrecision Precision => _precision;

    /// <summary>Points ended so far.</summary>
    public int Points { get; private set; }

    /// <summary>Characters written so far (UTF-16), a cheap measure of the body's size.</summary>
    public int Length => _body.Length;

    /// <summary>Starts a point; a point started and not ended is discarded.</summary>
    public LineProtocolWriter Measurement(string name)
    {
        _line.Clear();
        _hasFields = false;
        _open = true;
        if (name is ['#', ..])
        {
            Abandon();
            throw new ArgumentException($"The measurement '{name}' starts with '#', which makes the line a comment.", nameof(name));
        }

        Append(name, "measurement", escapeEquals: false);
        return this;
    }

    public LineProtocolWriter Tag(string key, string value)
    {
        EnsureOpen();
        if (_hasFields)
        {
            throw new InvalidOperationException("Tags come before fields.");
        }

        _line.Append(',');
        Append(key, "tag key", escapeEquals: true);
        _line.Append('=');
        Append(value, $"value of tag '{key}'", escapeEquals: true);
        return this;
    }

    public LineProtocolWriter Field(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Field '{key}' is {value}; InfluxDB stores only finite numbers.", nameof(value));
        }

        FieldKey(key).Append(value.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    public LineProtocolWriter Field(string key, long value)
    {
        FieldKey(key).Append(value.ToString(CultureInfo.InvariantCulture)).Append('i');
        return this;
    }

    public LineProtocolWriter Field(string key, bool value)
    {
        FieldKey(key).Append(value ? "true" : "false");
        return this;
    }

    public LineProtocolWriter Field(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = FieldKey(key).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                line.Append('\\');
            }

            line.Append(c);
        }

        line.Append('"');
        return this;
    }

    /// <summary>Ends the point with its timestamp (or none: the server's time) and appends it to the body.</summary>
    public void End(DateTimeOffset? time)
    {
        EnsureOpen();
        if (!_hasFields)
        {
            throw new InvalidOperationException("A point needs at least one field.");
        }

        if (time is { } t)
        {
            _line.Append(' ').Append(LineProtocolTime.FromTime(t, _precision).ToString(CultureInfo.InvariantCulture));
        }

        _body.Append(_line).Append('\n');
        _line.Clear();
        _open = false;
        Points++;
    }

    /// <summary>The body as UTF-8.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_body.ToString());

    public override string ToString() => _body.ToString();

    public void Clear()
    {
        _body.Clear();
        _line.Clear();
        _open = false;
        Points = 0;
    }

    private StringBuilder FieldKey(string key)
    {
        EnsureOpen();
        _line.Append(_hasFields ? ',' : ' ');
        Append(key, "field key", escapeEquals: true);
        _hasFields = true;
        return _line.Append('=');
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("Start a point with Measurement first.");
        }
    }

    private void Append(string name, string what, bool escapeEquals)
    {
        if (string.IsNullOrEmpty(name))
        {
            Abandon();
            throw new ArgumentException($"The {what} is empty; line protocol cannot carry an empty name.", nameof(name));
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool special = c is ',' or ' ' || (c == '=' && escapeEquals);
            if (c is '\n' or '\r' || (c == '\\' && (i == name.Length - 1 || name[i + 1] is ',' or ' ' || (name[i + 1] == '=' && escapeEquals))))
            {
                Abandon();
                throw new ArgumentException($"The {what} '{name}' cannot be written in InfluxDB 1.x line protocol (a line break, or a backslash at the end or before a character that needs escaping).", nameof(name));
            }

            if (special)
            {
                _line.Append('\\');
            }

            _line.Append(c);
        }
    }

    private void Abandon()
    {
        _line.Clear();
        _open = false;
    }
}
