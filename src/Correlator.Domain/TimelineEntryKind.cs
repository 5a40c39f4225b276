namespace Correlator.Domain;

/// <summary>What happened at one point of an incident's timeline.</summary>
public enum TimelineEntryKind
{
    Opened = 0,
    SignalAttached = 1,
    SignalResolved = 2,
    SignalRefired = 3,
    StateChanged = 4,
    PriorityChanged = 5,
    Note = 6,

    /// <summary>A change made outside Correlator, e.g. by a person in the ITSM tool's ticket.</summary>
    External = 7,
}
