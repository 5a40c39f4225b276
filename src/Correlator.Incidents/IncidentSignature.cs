using System.Text;

namespace Correlator.Incidents;

/// <summary>Builds the signature key of an incident from the configured fields.</summary>
public static class IncidentSignature
{
    public static IReadOnlyList<string> Fields { get; } = ["component", "pattern", "category", "subcategory", "symptom", "location", "group", "title"];

    /// <summary>"component=db-1|pattern=DiskFull", or null when the incident lacks one of the fields.</summary>
    public static string? Of(HistoricIncident incident, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(fields);
        var key = new StringBuilder();
        foreach (var field in fields)
        {
            var value = Value(incident, field);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            key.Append(key.Length == 0 ? "" : "|").Append(field).Append('=').Append(value);
        }

        return key.ToString();
    }

    public static string? Value(HistoricIncident incident, string field)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return field switch
        {
            "component" => incident.Component,
            "pattern" => incident.Pattern,
            "category" => incident.Category,
            "subcategory" => incident.Subcategory,
            "symptom" => incident.Symptom,
            "location" => incident.Location,
            "group" => incident.Group,
            "title" => incident.Title,
            _ => throw new ArgumentException($"Unknown signature field '{field}'.", nameof(field)),
        };
    }

    /// <summary>Jaccard similarity of the lower-cased words of two titles.</summary>
    public static double TitleSimilarity(string a, string b)
    {
        var x = Words(a);
        var y = Words(b);
        if (x.Count == 0 && y.Count == 0)
        {
            return 1;
        }

        int common = x.Count(y.Contains);
        return common / (double)(x.Count + y.Count - common);
    }

    internal static HashSet<string> Words(string text) =>
        [.. (text ?? "").ToLowerInvariant().Split([' ', '\t', ',', '.', ':', ';', '-', '_', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries)];
}
