using System.Buffers.Text;
using System.Text;
using Correlator.Domain;

namespace Correlator.Ingestion.LineProtocol;

/// <summary>
/// Reads InfluxDB 1.x line protocol from bytes: <c>measurement[,tag=value...] field=value[,...] [timestamp]</c>.
/// Every numeric or boolean field of a good line becomes a <see cref="MetricSample"/> (booleans as 1 / 0);
/// a bad line becomes a <see cref="LineError"/> and the other lines are still read, as InfluxDB does
/// (it writes the good points and answers "partial write"). Escaping follows InfluxDB 1.x exactly:
/// in names, <c>\,</c> <c>\ </c> (and <c>\=</c> in tags and field keys) stand for the character; any other
/// backslash is kept as it is. In string field values <c>\"</c> and <c>\\</c> are escapes.
/// Thread-safe: it holds only its limits.
/// </summary>
public sealed partial class LineProtocolParser
{
    private const int MaxQuotedLine = 256;

    private readonly LineProtocolLimits _limits;

    public LineProtocolParser(LineProtocolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = new LineProtocolLimits
        {
            MaxLineBytes = limits.MaxLineBytes,
            MaxTagsPerLine = limits.MaxTagsPerLine,
            MaxFieldsPerLine = limits.MaxFieldsPerLine,
            MaxErrorsReported = limits.MaxErrorsReported,
            SeriesCacheEntries = limits.SeriesCacheEntries,
        };
    }

    /// <summary>Parses a whole body (or one message) into a new batch.</summary>
    /// <param name="body">UTF-8 line protocol, lines separated by <c>\n</c> (a <c>\r</c> before it is ignored).</param>
    /// <param name="precision">The unit of the timestamps.</param>
    /// <param name="defaultTime">The time of a line without timestamp (InfluxDB uses the server's clock).</param>
    public LineProtocolBatch Parse(ReadOnlySpan<byte> body, LineProtocolPrecision precision, DateTimeOffset defaultTime)
    {
        var batch = new LineProtocolBatch();
        Parse(body, precision, defaultTime, batch);
        return batch;
    }

    /// <summary>Parses a body and appends what it gave to <paramref name="batch"/> (line numbers count from 1 in each body).</summary>
    public void Parse(ReadOnlySpan<byte> body, LineProtocolPrecision precision, DateTimeOffset defaultTime, LineProtocolBatch batch) =>
        Parse(body, precision, defaultTime, batch, null);

    /// <summary>
    /// Parses a body and appends what it gave to <paramref name="batch"/>, taking the names of series already
    /// seen from <paramref name="cache"/> (and adding new ones to it); the result is the same as without it.
    /// </summary>
    public void Parse(ReadOnlySpan<byte> body, LineProtocolPrecision precision, DateTimeOffset defaultTime, LineProtocolBatch batch, LineProtocolSeriesCache? cache)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var line = new LineReader(body);
        var fields = new List<(int Start, int End, double Value)>(8);
        var tags = new List<KeyValuePair<string, string>>(8);
        int number = 0;
        while (line.Next(out var text))
        {
            number++;
            var trimmed = TrimStart(text);
            if (trimmed.IsEmpty || trimmed[0] == (byte)'#')
            {
                continue;
            }

            batch.Lines++;
            fields.Clear();
            tags.Clear();
            var error = ParseLine(trimmed, precision, defaultTime, tags, fields, batch, cache, out int strings);
            if (error is not null)
            {
                AddError(batch, number, text, error);
            }
            else
            {
                batch.Points++;
                batch.StringFieldsSkipped += strings;
            }
        }
    }

    private void AddError(LineProtocolBatch batch, int number, ReadOnlySpan<byte> text, string reason)
    {
        batch.ErrorCount++;
        if (batch.Errors.Count < _limits.MaxErrorsReported)
        {
            var shown = text.Length > MaxQuotedLine ? Encoding.UTF8.GetString(text[..MaxQuotedLine]) + "..." : Encoding.UTF8.GetString(text);
            batch.Errors.Add(new LineError(number, shown, reason));
        }
    }

    private string? ParseLine(
        ReadOnlySpan<byte> line, LineProtocolPrecision precision, DateTimeOffset defaultTime,
        List<KeyValuePair<string, string>> tags, List<(int Start, int End, double Value)> fields, LineProtocolBatch batch, LineProtocolSeriesCache? cache, out int strings)
    {
        strings = 0;
        if (line.Length > _limits.MaxLineBytes)
        {
            return $"line is {line.Length} bytes, more than the limit of {_limits.MaxLineBytes} (LineProtocol:MaxLineBytes)";
        }

        int i = 0;
        LineProtocolSeriesCache.Series? series = null;
        if (cache is not null)
        {
            // A valid series section ends at the first unescaped space: the same bytes parse to the same series.
            int section = ScanSection(line);
            series = section > 0 && section < line.Length ? cache.Find(line[..section]) : null;
            if (series is not null)
            {
                i = section;
            }
        }

        if (series is null)
        {
            int end = ScanName(line, ref i, Stop.Measurement);
            if (end == 0)
            {
                return "missing measurement";
            }

            var name = Unescape(line[..end], Stop.Measurement);
            var tagError = ReadTags(line, ref i, tags);
            if (tagError is not null)
            {
                return tagError;
            }

            if (i >= line.Length || line[i] != (byte)' ')
            {
                return "missing fields";
            }

            var set = tags.Count == 0 ? LabelSet.Empty : LabelSet.From(tags);
            series = cache is not null ? cache.Add(line[..i], name, set) : new LineProtocolSeriesCache.Series(name, set);
        }

        SkipSpaces(line, ref i);
        var fieldError = ReadFields(line, ref i, fields, ref strings);
        if (fieldError is not null)
        {
            return fieldError;
        }

        var timeError = ReadTime(line, ref i, precision, defaultTime, out var time);
        if (timeError is not null)
        {
            return timeError;
        }

        foreach (var (start, end, value) in fields)
        {
            var raw = line[start..end];
            var key = series.Find(raw);
            if (key is null)
            {
                key = new SeriesKey(series.Measurement, series.Tags, Unescape(raw, Stop.Key));
                if (cache is not null)
                {
                    series.Add(raw, key);
                }
            }

            batch.Samples.Add(new MetricSample(key, time, value));
        }

        return null;
    }

    private string? ReadTags(ReadOnlySpan<byte> line, ref int i, List<KeyValuePair<string, string>> tags)
    {
        while (i < line.Length && line[i] == (byte)',')
        {
            i++;
            int keyStart = i;
            int keyEnd = ScanName(line, ref i, Stop.Key);
            if (keyEnd == keyStart || i >= line.Length || line[i] != (byte)'=')
            {
                return "missing tag key";
            }

            i++;
            int valueStart = i;
            int valueEnd = ScanName(line, ref i, Stop.TagValue);
            if (valueEnd == valueStart)
            {
                return "missing tag value";
            }

            if (tags.Count == _limits.MaxTagsPerLine)
            {
                return $"more than {_limits.MaxTagsPerLine} tags (LineProtocol:MaxTagsPerLine)";
            }

            var key = Unescape(line[keyStart..keyEnd], Stop.Key);
            foreach (var tag in tags)
            {
                if (string.Equals(tag.Key, key, StringComparison.Ordinal))
                {
                    return $"duplicate tag '{key}'";
                }
            }

            tags.Add(new(key, Unescape(line[valueStart..valueEnd], Stop.TagValue)));
        }

        return null;
    }

    private string? ReadFields(ReadOnlySpan<byte> line, ref int i, List<(int Start, int End, double Value)> fields, ref int strings)
    {
        int count = 0;
        while (true)
        {
            int keyStart = i;
            int keyEnd = ScanName(line, ref i, Stop.Key);
            if (keyEnd == keyStart)
            {
                return "missing field key";
            }

            if (i >= line.Length || line[i] != (byte)'=')
            {
                return "missing field value";
            }

            i++;
            if (++count > _limits.MaxFieldsPerLine)
            {
                return $"more than {_limits.MaxFieldsPerLine} fields (LineProtocol:MaxFieldsPerLine)";
            }

            if (i < line.Length && line[i] == (byte)'"')
            {
                if (!SkipString(line, ref i))
                {
                    return $"unterminated string value of field '{Unescape(line[keyStart..keyEnd], Stop.Key)}'";
                }

                strings++;
            }
            else
            {
                int valueStart = i;
                while (i < line.Length && line[i] != (byte)',' && line[i] != (byte)' ')
                {
                    i++;
                }

                var error = ReadValue(line[valueStart..i], line[keyStart..keyEnd], out double value);
                if (error is not null)
                {
                    return error;
                }

                fields.Add((keyStart, keyEnd, value));
            }

            if (i < line.Length && line[i] == (byte)',')
            {
                i++;
                continue;
            }

            return null;
        }
    }

    private static string? ReadTime(ReadOnlySpan<byte> line, ref int i, LineProtocolPrecision precision, DateTimeOffset defaultTime, out DateTimeOffset time)
    {
        time = defaultTime;
        SkipSpaces(line, ref i);
        var rest = TrimEnd(line[i..]);
        if (rest.IsEmpty)
        {
            return null;
        }

        if (!Utf8Parser.TryParse(rest, out long timestamp, out int used) || used != rest.Length)
        {
            return $"bad timestamp '{Encoding.UTF8.GetString(rest)}'";
        }

        if (!LineProtocolTime.TryToTime(timestamp, precision, out time))
        {
            return $"timestamp {timestamp} is out of range for precision {LineProtocolTime.Name(precision)}";
        }

        return null;
    }
}
