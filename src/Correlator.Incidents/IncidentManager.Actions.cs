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
            ManagementAction.ChangePriority => ChangePriority(managed, command),
            ManagementAction.Escalate => EscalateByHand(managed, command, at, changes),
            ManagementAction.ClearPriority => ClearPriority(managed, command),
            ManagementAction.ConfirmRootCause => ConfirmRootCause(managed, command, at),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Action, "Unknown action."),
        };
        // A priority line is kind "priority" so the ticket's priority fields follow (ManagementEffects); a hand
        // escalation is kind "escalated" like the timer's, its notice carrying it to the publisher's targets.
        var kind = command.Action switch
        {
            ManagementAction.ChangePriority or ManagementAction.ClearPriority => "priority",
            ManagementAction.Escalate => "escalated",
            ManagementAction.ConfirmRootCause => "root_cause",
            _ => command.Action.ToString().ToLowerInvariant(),
        };
        changes.Entries.Add(new ManagementEntry(managed.IncidentId, at, kind, text));
        _open[next.IncidentId] = next;
        Changed(managed, next);
        changes.Put(next);
        var crisisReason = command.Action switch
        {
            ManagementAction.FlagMajor => command.Argument ?? "flagged by hand",
            ManagementAction.ChangePriority => "priority P1 set by hand",
            ManagementAction.ClearPriority => "priority P1 by the policy",
            _ => "priority P1",
        };
        FollowCrisis(next, command.Actor, crisisReason, at, changes);
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
        var resolved = CloseHold(managed, at) with { ResolvedAt = at, AcknowledgedAt = managed.AcknowledgedAt ?? at };
        var text = $"Resolved by {command.Actor}: {command.Argument ?? "no reason given"}";
        if (string.IsNullOrWhiteSpace(command.RootCause))
        {
            return (resolved, text);
        }

        var component = command.RootCause.Trim();
        return (resolved with { RootCause = new ConfirmedRootCause(component, command.Actor, at) }, $"{text}; root cause: {component}");
    }

    /// <summary>A person's root cause: allowed while the incident is managed and not closed (also after it resolved by itself).</summary>
    private static (ManagedIncident, string) ConfirmRootCause(ManagedIncident managed, ManagementCommand command, DateTimeOffset at)
    {
        var component = string.IsNullOrWhiteSpace(command.Argument) ? throw new ArgumentException("Confirm root cause needs a component.", nameof(command)) : command.Argument.Trim();
        var line = managed.RootCause is { } before && before.Component != component
            ? $"Root cause {before.Component} -> {component} by {command.Actor}"
            : $"Root cause confirmed by {command.Actor}: {component}";
        return (managed with { RootCause = new ConfirmedRootCause(component, command.Actor, at) }, line);
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

    /// <summary>
    /// A person's priority: it replaces the policy's and stays (marked by <see cref="ManualPriorityKey"/> in
    /// <see cref="ManagedIncident.Sent"/>) — the policy no longer changes it; when the policy would choose another
    /// priority the timeline says so once per suggestion, and a person decides. SLA targets and escalation levels follow the new priority.
    /// </summary>
    private static (ManagedIncident, string) ChangePriority(ManagedIncident managed, ManagementCommand command)
    {
        RequireOpen(managed, "change the priority of");
        var text = command.Argument?.Trim() ?? "";
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        if (!TryParsePriority(parts[0], out var priority) || parts.Length < 2 || parts[1].Length == 0)
        {
            throw new ArgumentException("Change priority needs 'P1'..'P4', ':' and a reason.", nameof(command));
        }

        var reason = parts[1];
        var sent = managed.Sent.RemoveAll(k => k.StartsWith(PolicySuggestionPrefix, StringComparison.Ordinal));
        if (!sent.Contains(ManualPriorityKey))
        {
            sent = sent.Add(ManualPriorityKey);
        }

        var next = managed with { Priority = priority, Sent = sent, Major = managed.Major || priority == Priority.P1 };
        var line = priority == managed.Priority
            ? $"Priority {priority} confirmed by {command.Actor} (kept from now on): {reason}"
            : $"Priority {managed.Priority} -> {priority} by {command.Actor} (kept over the policy's from now on): {reason}";
        return (next, line);
    }

    /// <summary>
    /// Clears the priority a person set: the policy's priority applies again — the one it last suggested while the
    /// hand-set priority was kept, else the policy's decision on the incident's current facts (service, components,
    /// worst severity) — and the policy follows the incident again from then on. Refused when no priority was set by hand.
    /// </summary>
    private (ManagedIncident, string) ClearPriority(ManagedIncident managed, ManagementCommand command)
    {
        RequireOpen(managed, "clear the manual priority of");
        if (!managed.Sent.Contains(ManualPriorityKey))
        {
            throw new InvalidOperationException($"Incident {managed.IncidentId} has no priority set by hand to clear.");
        }

        var reason = string.IsNullOrWhiteSpace(command.Argument) ? throw new ArgumentException("Clear priority needs a reason.", nameof(command)) : command.Argument.Trim();
        var decision = _priority.Decide(managed.Service, managed.Components, managed.WorstSeverity, rising: false);
        var suggested = managed.Sent.LastOrDefault(k => k.StartsWith(PolicySuggestionPrefix, StringComparison.Ordinal));
        var priority = suggested is not null && TryParsePriority(suggested[PolicySuggestionPrefix.Length..], out var p) ? p : decision.Priority;
        var sent = managed.Sent.RemoveAll(k => k == ManualPriorityKey || k.StartsWith(PolicySuggestionPrefix, StringComparison.Ordinal));
        var next = managed with { Priority = priority, Sent = sent, Major = managed.Major || priority == Priority.P1 };
        if (priority == decision.Priority)
        {
            next = next with { Impact = decision.Impact, Urgency = decision.Urgency };
        }

        var line = priority == managed.Priority
            ? $"Priority set by hand cleared by {command.Actor}: the policy's {priority} applies from now on: {reason}"
            : $"Priority {managed.Priority} -> {priority}: priority set by hand cleared by {command.Actor}, the policy's applies from now on: {reason}";
        return (next, line);
    }

    /// <summary>
    /// Notifies the next hierarchical level now: the first level of the incident's priority (in the configured order)
    /// not yet notified; when every level was, the top one again. The same notice path as the timer's escalations.
    /// </summary>
    private (ManagedIncident, string) EscalateByHand(ManagedIncident managed, ManagementCommand command, DateTimeOffset at, ManagementChanges changes)
    {
        RequireOpen(managed, "escalate");
        var reason = string.IsNullOrWhiteSpace(command.Argument) ? throw new ArgumentException("Escalate needs a reason.", nameof(command)) : command.Argument.Trim();
        var levels = _options.Escalation.TryGetValue(managed.Priority.ToString(), out var configured)
            ? configured.Select(l => l.Level).Distinct(StringComparer.Ordinal).ToList()
            : [];
        if (levels.Count == 0)
        {
            levels = ["on-call", "team-lead"];
        }

        bool Notified(string level) => managed.Sent.Any(k => k.EndsWith(":" + level, StringComparison.Ordinal) && !k.StartsWith("sla:", StringComparison.Ordinal));
        var level = levels.FirstOrDefault(l => !Notified(l)) ?? levels[^1];
        var recipient = _escalation.Recipient(level, managed.Group, at);
        var text = $"{managed.Priority} incident {managed.IncidentId} escalated by hand by {command.Actor}: {reason} (group {managed.Group})";
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"manual:{at.UtcTicks}:{level}");
        changes.Notices.Add(new EscalationNotice($"{managed.IncidentId}:{key}", managed.IncidentId, at, managed.Priority, level, recipient, text));
        return (managed with { Sent = managed.Sent.Add(key) },
            $"Escalated to {level}{(recipient is null ? "" : " (" + recipient + ")")} by {command.Actor}: {reason}");
    }

    /// <summary>Parses "P1".."P4" (case-insensitive).</summary>
    public static bool TryParsePriority(string? text, out Priority priority)
    {
        priority = Priority.P4;
        if (text is not { Length: 2 } || (text[0] != 'P' && text[0] != 'p') || text[1] < '1' || text[1] > '4')
        {
            return false;
        }

        priority = (Priority)(text[1] - '0');
        return true;
    }

    private static void RequireOpen(ManagedIncident managed, string action)
    {
        if (!managed.IsOpen)
        {
            throw new InvalidOperationException($"Cannot {action} incident {managed.IncidentId}: it is resolved.");
        }
    }
}
