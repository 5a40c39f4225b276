namespace Correlator.Incidents;

/// <summary>
/// One person's action on an incident. <see cref="Argument"/> is the group (and optionally ": assignee") for
/// Assign, the reason for Hold / Resume / Resolve / FlagMajor / Escalate, "P2:reason" for ChangePriority, the
/// component for ConfirmRootCause.
/// </summary>
public sealed record ManagementCommand(long IncidentId, ManagementAction Action, string Actor, string? Argument, DateTimeOffset At)
{
    /// <summary>With Resolve: the component the person confirms as the root cause (optional).</summary>
    public string? RootCause { get; init; }
}
