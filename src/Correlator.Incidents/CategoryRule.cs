namespace Correlator.Incidents;

/// <summary>Classifies an incident whose signals carry every listed label (value "*" = any value, "x*" = prefix).</summary>
public sealed class CategoryRule
{
    public Dictionary<string, string> Match { get; set; } = new(StringComparer.Ordinal);

    public string Category { get; set; } = "";

    public string? Subcategory { get; set; }
}
