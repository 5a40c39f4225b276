namespace Correlator.Domain;

/// <summary>ITIL priority, derived from impact and urgency; P1 is the most pressing.</summary>
public enum Priority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}
