namespace Correlator.Incidents;

/// <summary>
/// An incident as problem mining sees it: when it opened and resolved, and the fields a recurring signature
/// is made of (root-cause component, signal pattern, classification, symptom, location, group, title).
/// A missing field is null: an incident never matches on a field it does not have.
/// </summary>
public sealed record HistoricIncident(long Id, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, string Title)
{
    public string? Component { get; init; }

    /// <summary>The signal pattern, e.g. the sorted alert names of the incident.</summary>
    public string? Pattern { get; init; }

    public string? Category { get; init; }

    public string? Subcategory { get; init; }

    public string? Symptom { get; init; }

    public string? Location { get; init; }

    public string? Group { get; init; }
}
