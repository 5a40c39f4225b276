namespace Correlator.Incidents;

/// <summary>Assigns to a resolver group the incidents of a service, a configuration item and/or a category (unset = any).</summary>
public sealed class AssignmentRule
{
    public string? Service { get; set; }

    /// <summary>A configuration item (signal resource); the rule matches when any affected item is it.</summary>
    public string? Resource { get; set; }

    public string? Category { get; set; }

    public string Group { get; set; } = "";
}
