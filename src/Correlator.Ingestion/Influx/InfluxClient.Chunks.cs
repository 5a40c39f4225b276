using System.Buffers;
using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion.Influx;

public sealed partial class InfluxClient
{
    /// <summary>InfluxDB ends every chunk of a chunked answer with a line break (JSON strings cannot hold a raw one).</summary>
    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var position = buffer.PositionOf((byte)'\n');
        if (position is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, position.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, position.Value));
        return true;
    }

    /// <summary>Reads one chunk: <c>{"results":[{"statement_id":0,"series":[...],"error":"..."}],"error":"..."}</c>.</summary>
    internal static void ParseChunk(ReadOnlySequence<byte> chunk, List<InfluxSeries> series)
    {
        if (chunk.IsSingleSegment)
        {
            ParseChunk(chunk.FirstSpan, series);
            return;
        }

        // The reader is much faster over one span than over a chain of segments: copy the chunk once.
        var length = checked((int)chunk.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            chunk.CopyTo(rented);
            ParseChunk(rented.AsSpan(0, length), series);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void ParseChunk(ReadOnlySpan<byte> chunk, List<InfluxSeries> series)
    {
        var reader = new Utf8JsonReader(chunk, isFinalBlock: true, state: default);
        if (!reader.Read())
        {
            return;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("results"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadResult(ref reader, series);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                throw new InfluxException("InfluxDB query failed: " + reader.GetString());
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadResult(ref Utf8JsonReader reader, List<InfluxSeries> series)
    {
        int statement = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("statement_id"u8))
            {
                reader.Read();
                statement = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                throw new InfluxException($"InfluxDB query failed (statement {statement}): {reader.GetString()}");
            }
            else if (reader.ValueTextEquals("series"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    series.Add(ReadSeries(ref reader, statement));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static InfluxSeries ReadSeries(ref Utf8JsonReader reader, int statement)
    {
        string name = string.Empty;
        var tags = LabelSet.Empty;
        var columns = new List<string>();
        var rows = new List<InfluxValue[]>();
        bool partial = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString() ?? string.Empty;
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                reader.Read();
                tags = ReadTags(ref reader);
            }
            else if (reader.ValueTextEquals("columns"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    columns.Add(reader.GetString()!);
                }
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                ReadRows(ref reader, columns.Count, rows);
            }
            else if (reader.ValueTextEquals("partial"u8))
            {
                reader.Read();
                partial = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new InfluxSeries(statement, name, tags, columns, rows, partial);
    }

    private static LabelSet ReadTags(ref Utf8JsonReader reader)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();

            // An empty tag value means the series lacks that tag: it is not part of its identity.
            if (reader.GetString() is { Length: > 0 } value)
            {
                pairs.Add(new(key, value));
            }
        }

        return pairs.Count == 0 ? LabelSet.Empty : LabelSet.From(pairs);
    }

    private static void ReadRows(ref Utf8JsonReader reader, int width, List<InfluxValue[]> rows)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            var row = new InfluxValue[width];
            int i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var value = reader.TokenType switch
                {
                    JsonTokenType.Number => reader.TryGetInt64(out long integer)
                        ? new InfluxValue(InfluxValueKind.Number, integer, integer, null)
                        : new InfluxValue(InfluxValueKind.Number, reader.GetDouble(), 0, null),
                    JsonTokenType.String => new InfluxValue(InfluxValueKind.Text, double.NaN, 0, reader.GetString()),
                    JsonTokenType.True => new InfluxValue(InfluxValueKind.Boolean, 1, 1, null),
                    JsonTokenType.False => new InfluxValue(InfluxValueKind.Boolean, 0, 0, null),
                    _ => InfluxValue.Null,
                };
                if (i < width)
                {
                    row[i] = value;
                }

                i++;
            }

            rows.Add(row);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new InfluxException($"Unexpected query answer: {reader.TokenType} where {type} was expected.");
        }
    }
}
