using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Correlator.Testing;

/// <summary>Writes the body of Alertmanager's <c>POST /api/v2/alerts</c>: an array of OpenAPI v2 <c>postableAlert</c>.</summary>
internal static class AlertsJson
{
    public static string Write(IEnumerable<AlertmanagerAlert> alerts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var alert in alerts)
            {
                WriteAlert(writer, alert);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteAlert(Utf8JsonWriter writer, AlertmanagerAlert alert)
    {
        writer.WriteStartObject();
        WriteMap(writer, "labels", alert.Labels);
        WriteMap(writer, "annotations", alert.Annotations);
        WriteTime(writer, "startsAt", alert.StartsAt);
        WriteTime(writer, "endsAt", alert.EndsAt);
        if (alert.GeneratorUrl is not null)
        {
            writer.WriteString("generatorURL", alert.GeneratorUrl.AbsoluteUri);
        }

        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    // RFC 3339 in UTC, the format Alertmanager's API (Go's strfmt.DateTime) reads and writes.
    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
