using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

internal sealed partial class GenericEventReader
{
    // Kept in step with SeverityNames.TryParse (a test parses every word listed here).
    internal const string SeverityWords =
        "critical (or crit, fatal, emergency, emerg, alert, disaster, page, p1), major (or error, err, high, p2), "
        + "minor (or average, medium, moderate, p3), warning (or warn, low, p4), "
        + "info (or informational, information, notice, debug, none, ok, p5, not classified)";

    private string? ReadName(JsonElement item, FieldPath path, ErrorList errors)
    {
        // "title" is what Grafana, Datadog and most chat-ops tools call it.
        if (item.TryGetProperty("name", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            return JsonValues.RequiredString(item, "name", path, _limits.ValueLength, errors);
        }

        if (item.TryGetProperty("title", out var title) && title.ValueKind != JsonValueKind.Null)
        {
            return JsonValues.RequiredString(item, "title", path, _limits.ValueLength, errors);
        }

        errors.Add(path.Of("name"), "required field is missing (it may also be sent as title)");
        return null;
    }

    private static SignalStatus ReadStatus(JsonElement item, FieldPath path, ErrorList errors)
    {
        if (!item.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null)
        {
            return SignalStatus.Firing;
        }

        if (JsonValues.TextOrNull(status) is { } text)
        {
            foreach (var word in (ReadOnlySpan<string>)["firing", "problem", "alerting", "triggered"])
            {
                if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
                {
                    return SignalStatus.Firing;
                }
            }

            foreach (var word in (ReadOnlySpan<string>)["resolved", "ok", "cleared"])
            {
                if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
                {
                    return SignalStatus.Resolved;
                }
            }
        }

        errors.Add(path.Of("status"), $"{JsonValues.Describe(status)} is not a status; use firing (or problem, alerting, triggered) or resolved (or ok, cleared)");
        return SignalStatus.Firing;
    }

    private static Severity ReadSeverity(JsonElement item, FieldPath path, ErrorList errors)
    {
        if (!item.TryGetProperty("severity", out var severity) || severity.ValueKind == JsonValueKind.Null)
        {
            return Severity.Warning;
        }

        if (JsonValues.TextOrNull(severity) is { } text && SeverityNames.TryParse(text, out var parsed))
        {
            return parsed;
        }

        errors.Add(path.Of("severity"), $"{JsonValues.Describe(severity)} is not a severity; use one of {SeverityWords}");
        return Severity.Warning;
    }

    private static SignalKind ReadKind(JsonElement item, FieldPath path, ErrorList errors)
    {
        if (!item.TryGetProperty("kind", out var kind) || kind.ValueKind == JsonValueKind.Null)
        {
            return SignalKind.Alert;
        }

        var text = JsonValues.TextOrNull(kind);
        if (string.Equals(text, "alert", StringComparison.OrdinalIgnoreCase))
        {
            return SignalKind.Alert;
        }

        if (string.Equals(text, "anomaly", StringComparison.OrdinalIgnoreCase))
        {
            return SignalKind.Anomaly;
        }

        errors.Add(path.Of("kind"), $"{JsonValues.Describe(kind)} is not a kind; use alert or anomaly");
        return SignalKind.Alert;
    }

    private static double? ReadScore(JsonElement item, FieldPath path, ErrorList errors)
    {
        if (!item.TryGetProperty("score", out var score) || score.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out double value))
        {
            errors.Add(path.Of("score"), $"expected a number from 0 to 1, got {JsonValues.KindName(score)}");
            return null;
        }

        if (value is < 0 or > 1)
        {
            errors.Add(path.Of("score"), $"{score.GetRawText()} is outside the range 0 to 1");
            return null;
        }

        return value;
    }

    private string? ReadId(JsonElement item, FieldPath path, ErrorList errors)
    {
        if (!item.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Many tools (Zabbix, Nagios) number their events: a numeric id is kept as written.
        if (id.ValueKind == JsonValueKind.Number)
        {
            return id.GetRawText();
        }

        if (id.ValueKind != JsonValueKind.String)
        {
            errors.Add(path.Of("id"), $"expected a string or a number, got {JsonValues.KindName(id)}");
            return null;
        }

        return JsonValues.NullIfBlank(JsonValues.AsString(id, path.Of("id"), _limits.ValueLength, errors));
    }
}
