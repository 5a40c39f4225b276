namespace Correlator.Incidents;

/// <summary>One service of the catalogue.</summary>
public sealed class ServiceEntry
{
    /// <summary>Business criticality: High, Medium or Low.</summary>
    public string Criticality { get; set; } = "Low";

    /// <summary>The business calendar its SLA counts in (default 24x7).</summary>
    public string? Calendar { get; set; }
}
