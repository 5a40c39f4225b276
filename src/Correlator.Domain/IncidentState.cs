namespace Correlator.Domain;

/// <summary>The ITIL incident lifecycle, plus the anticipation stage's Predicted (numbered after the others: stored values never move).</summary>
public enum IncidentState
{
    New = 0,
    InProgress = 1,
    OnHold = 2,
    Resolved = 3,
    Closed = 4,

    /// <summary>
    /// Opened by the anticipation stage before users are hit: a candidate that becomes New when a person or user
    /// impact confirms it, or Closed when a person dismisses it (issue 10).
    /// </summary>
    Predicted = 5,
}
