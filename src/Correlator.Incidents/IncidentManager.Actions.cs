using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class IncidentManager
{
    /// <summary>
    /// Applies a person's action. Throws <see cref="KeyNotFoundException"/> for an incident not under management
    /// and <see cref="InvalidOperationException"/> for an action its state does not allow (the API answers 404 / 409).
    /// </summary>
    public ManagedIncident Act(ManagementCommand command, ManagementChanges changes)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(changes);
        if (!_open.TryGetValue(command.IncidentId, out var managed))
        {
            throw new KeyNotFoundException($"Incident {command.IncidentId} is not open under incident management (unknown or closed).");
        }

        var at = command.At < managed.OpenedAt ? managed.OpenedAt : command.At;
        var (next, text) = command.Action switch
        {
            ManagementAction.Acknowledge => Acknowledge(managed, command.Actor, at),
            ManagementAction.Assign => Assign(managed, command),
            ManagementAction.Hold => Hold(managed, command, at),
            ManagementAction.Resume => Resume(managed, command, at),
            ManagementAction.Resolve => Resolve(managed, command, at),
            ManagementAction.FlagMajor => FlagMajor(managed, command),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Action, "Unknown action."),
        };
        changes.Entries.Add(new ManagementEntry(managed.IncidentId, at, command.Action.ToString().ToLowerInvariant(), text));
        _open[next.IncidentId] = next;
        changes.Put(next);
        FollowCrisis(next, command.Actor, command.Action == ManagementAction.FlagMajor ? command.Argument ?? "flagged by hand" : "priority P1", at, changes);
        return next;
    }

    private static (ManagedIncident, string) Acknowledge(ManagedIncident managed, string actor, DateTimeOffset at)
    {
        RequireOpen(managed, "acknowledge");
        if (managed.AcknowledgedAt is not null)
        {
            throw new InvalidOperationException($"Incident {managed.IncidentId} was already acknowledged at {managed.AcknowledgedAt:O}.");
        }

        return (managed with { AcknowledgedAt = at, Assignee = managed.Assignee ?? actor }, $"Acknowledged by {actor}");
    }

    private static (ManagedIncident, string) Assign(ManagedIncident managed, ManagementCommand command)
    {
        RequireOpen(managed, "assign");
        var text = command.Argument?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("Assign needs a group (and optionally ':assignee').", nameof(command));
        }

        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        var group = parts[0].Length > 0 ? parts[0] : managed.Group;
        var assignee = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        return (managed with { Group = group, Assignee = assignee }, $"Assigned to {group}{(assignee is null ? "" : " (" + assignee + ")")} by {command.Actor}");
    }

    private static (ManagedIncident, string) Hold(ManagedIncident managed, ManagementCommand command, DateTimeOffset at)
    {
        RequireOpen(managed, "put on hold");
        if (managed.IsOnHold)
        {
            throw new InvalidOperationException($"Incident {managed.IncidentId} is already on hold.");
        }

        var reason = command.Argument ?? "no reason given";
        return (managed with { Holds = managed.Holds.Add(new HoldPeriod(at, null, reason)) }, $"On hold by {command.Actor}: {reason}; SLA clocks paused");
    }

    private static (ManagedIncident, string) Resume(ManagedIncident managed, ManagementCommand command, DateTimeOffset at)
    {
        RequireOpen(managed, "resume");
        if (!managed.IsOnHold)
        {
            throw new InvalidOperationException($"Incident {managed.IncidentId} is not on hold.");
        }

        return (CloseHold(managed, at), $"Resumed by {command.Actor}: {command.Argument ?? "no reason given"}; SLA clocks running");
    }

    private static (ManagedIncident, string) Resolve(ManagedIncident managed, ManagementCommand command, DateTimeOffset at)
    {
        RequireOpen(managed, "resolve");
        return (CloseHold(managed, at) with { ResolvedAt = at, AcknowledgedAt = managed.AcknowledgedAt ?? at }, $"Resolved by {command.Actor}: {command.Argument ?? "no reason given"}");
    }

    private static (ManagedIncident, string) FlagMajor(ManagedIncident managed, ManagementCommand command)
    {
        RequireOpen(managed, "flag as major");
        if (managed.Major)
        {
            throw new InvalidOperationException($"Incident {managed.IncidentId} is already a major incident.");
        }

        return (managed with { Major = true }, $"Major incident declared by {command.Actor}: {command.Argument ?? "no reason given"}");
    }

    private static void RequireOpen(ManagedIncident managed, string action)
    {
        if (!managed.IsOpen)
        {
            throw new InvalidOperationException($"Cannot {action} incident {managed.IncidentId}: it is resolved.");
        }
    }
}
