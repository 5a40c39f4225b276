namespace Correlator.Incidents;

/// <summary>A resolver group, its lead and its on-call rotation.</summary>
public sealed class ResolverGroup
{
    public string? Lead { get; set; }

    /// <summary>IANA time zone the rotation's handovers are written in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Members in rotation order.</summary>
    public List<string> OnCall { get; set; } = [];

    /// <summary>Local date on which the first member's turn starts (yyyy-MM-dd).</summary>
    public string RotationStart { get; set; } = "2024-01-01";

    /// <summary>Local time of day of the handover.</summary>
    public TimeSpan HandoverAt { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Length of one turn in days.</summary>
    public int RotationDays { get; set; } = 7;

    /// <summary>Replacements for a period (holidays, swaps); the latest matching wins.</summary>
    public List<OnCallOverride> Overrides { get; set; } = [];
}
