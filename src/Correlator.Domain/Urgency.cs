namespace Correlator.Domain;

/// <summary>ITIL urgency: how fast the business needs the incident resolved (High is fastest).</summary>
public enum Urgency
{
    High = 1,
    Medium = 2,
    Low = 3,
}
