namespace Correlator.Incidents;

/// <summary>Category and subcategory of an incident, with the rule that chose them.</summary>
public sealed record Classification(string Category, string? Subcategory, string Reason);
