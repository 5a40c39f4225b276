using System.Collections.Immutable;
using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>The JSON columns of incident management: hold periods and lists of strings.</summary>
internal static class ManagementJson
{
    public static string Holds(IReadOnlyList<HoldPeriod> holds)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var hold in holds)
            {
                json.WriteStartObject();
                json.WriteString("from", StoredValues.Time(hold.From));
                if (hold.To is { } to)
                {
                    json.WriteString("to", StoredValues.Time(to));
                }

                json.WriteString("reason", hold.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ImmutableList<HoldPeriod> ParseHolds(string text)
    {
        using var document = JsonDocument.Parse(text);
        var holds = ImmutableList.CreateBuilder<HoldPeriod>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var to = item.TryGetProperty("to", out var t) ? StoredValues.ParseTime(t.GetString() ?? "") : (DateTimeOffset?)null;
            holds.Add(new HoldPeriod(StoredValues.ParseTime(item.GetProperty("from").GetString() ?? ""), to, item.GetProperty("reason").GetString() ?? ""));
        }

        return holds.ToImmutable();
    }

    public static string Strings(IEnumerable<string> values)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ImmutableList<string> ParseStrings(string text)
    {
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")];
    }
}
