using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// Writes a label set as a JSON object (names in the set's sorted order) and reads it back. One instance
/// reuses its buffer, so it belongs to one writer at a time.
/// </summary>
internal sealed class LabelJson : IDisposable
{
    private const string EmptyObject = "{}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public LabelJson() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    /// <summary>The JSON as UTF-8, valid until the next call (the commit binds it straight into SQLite).</summary>
    public ReadOnlySpan<byte> WriteUtf8(LabelSet labels)
    {
        if (labels.Count == 0)
        {
            return "{}"u8;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        for (int i = 0; i < labels.Count; i++)
        {
            var pair = labels[i];
            _writer.WriteString(pair.Key, pair.Value);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    public static LabelSet Read(string json)
    {
        if (json.Length == 0 || string.Equals(json, EmptyObject, StringComparison.Ordinal))
        {
            return LabelSet.Empty;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var pairs = new List<KeyValuePair<string, string>>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("Stored labels are not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? string.Empty;
            reader.Read();
            pairs.Add(new KeyValuePair<string, string>(name, reader.GetString() ?? string.Empty));
        }

        return LabelSet.From(pairs);
    }

    public void Dispose() => _writer.Dispose();
}
