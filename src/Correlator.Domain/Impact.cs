namespace Correlator.Domain;

/// <summary>ITIL impact: how much of the business an incident affects (High is widest).</summary>
public enum Impact
{
    High = 1,
    Medium = 2,
    Low = 3,
}
