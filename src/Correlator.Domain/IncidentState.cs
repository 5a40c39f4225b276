namespace Correlator.Domain;

/// <summary>The ITIL incident lifecycle.</summary>
public enum IncidentState
{
    New = 0,
    InProgress = 1,
    OnHold = 2,
    Resolved = 3,
    Closed = 4,
}
