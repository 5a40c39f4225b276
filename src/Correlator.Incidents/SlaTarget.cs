namespace Correlator.Incidents;

/// <summary>Time to acknowledge and to resolve, counted in the business hours of a calendar.</summary>
public sealed class SlaTarget
{
    public TimeSpan Acknowledge { get; set; }

    public TimeSpan Resolve { get; set; }

    /// <summary>Calendar name; default the service's calendar, else 24x7.</summary>
    public string? Calendar { get; set; }
}
