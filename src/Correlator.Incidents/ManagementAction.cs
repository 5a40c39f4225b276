namespace Correlator.Incidents;

/// <summary>What a person does to an incident through the API.</summary>
public enum ManagementAction
{
    Acknowledge = 0,
    Assign = 1,
    Hold = 2,
    Resume = 3,
    Resolve = 4,
    FlagMajor = 5,

    /// <summary>Set the priority by hand (argument "P2:reason"); it overrides the policy's until a person changes it again.</summary>
    ChangePriority = 6,

    /// <summary>Notify the next hierarchical level now (argument: the reason).</summary>
    Escalate = 7,

    /// <summary>Clear the priority set by hand (argument: the reason): the policy's priority applies again, now and from then on.</summary>
    ClearPriority = 8,

    /// <summary>
    /// Confirm the incident's root cause (argument: the component), while it is open or resolved but not closed: what
    /// the root-cause ranking's history learns from. A second confirmation replaces the first, with its own line.
    /// </summary>
    ConfirmRootCause = 9,
}
