using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// Hierarchical escalation: per priority, the levels to notify when an incident is still not acknowledged or
/// not resolved after a time (wall-clock time since opening, less time on hold — escalation is about people
/// acting now, not business hours). Each level is notified once per incident, and a level reached by hand
/// (<c>POST /api/incidents/{id}/escalate</c>) counts as notified for the timer, as do the levels below it in the
/// configured order: the next timer escalation goes to a level above the one reached.
/// </summary>
public sealed class EscalationPolicy(IncidentManagementOptions options)
{
    private readonly Dictionary<string, OnCallCalendar> _onCall = options.Groups.ToDictionary(g => g.Key, g => new OnCallCalendar(g.Value), StringComparer.Ordinal);

    /// <summary>The on-call member of a group at an instant, if the group has a rotation.</summary>
    public string? OnCall(string group, DateTimeOffset at) => _onCall.TryGetValue(group, out var calendar) ? calendar.OnCallAt(at) : null;

    /// <summary>The notices due at <paramref name="now"/> that were not sent yet.</summary>
    public IEnumerable<EscalationNotice> Due(ManagedIncident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);

        // Called for every open incident on every management pass: the common "nothing configured" answer allocates nothing.
        return incident.IsOpen && options.Escalation.TryGetValue(PriorityKey.Of(incident.Priority), out var levels)
            ? Due(incident, levels, now)
            : [];
    }

    private IEnumerable<EscalationNotice> Due(ManagedIncident incident, List<EscalationLevel> levels, DateTimeOffset now)
    {
        var running = SlaPolicy.Counted(incident, BusinessCalendar.Always, now);
        var order = levels.Select(l => l.Level).Distinct(StringComparer.Ordinal).ToList();
        int reachedByHand = ReachedByHand(incident, order);
        foreach (var level in levels)
        {
            if (!Waiting(incident, level, order, reachedByHand, out var key) || running < level.After)
            {
                continue;
            }

            var verb = level.Clock == "acknowledge" ? "acknowledged" : "resolved";
            yield return new EscalationNotice(
                $"{incident.IncidentId}:{key}", incident.IncidentId, now, incident.Priority, level.Level,
                Recipient(level.Level, incident.Group, now),
                $"{incident.Priority} incident {incident.IncidentId} not {verb} within {level.After} (group {incident.Group})");
        }
    }

    /// <summary>
    /// The earliest instant from <paramref name="now"/> on at which <see cref="Due(ManagedIncident, DateTimeOffset)"/> can
    /// return a notice, provided the incident does not change in between; <see cref="DateTimeOffset.MaxValue"/> when no
    /// level is waiting. A lower bound: the running time grows at most as fast as time (not at all on hold).
    /// </summary>
    public DateTimeOffset NextDue(ManagedIncident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (!incident.IsOpen || !options.Escalation.TryGetValue(PriorityKey.Of(incident.Priority), out var levels) || levels.Count == 0)
        {
            return DateTimeOffset.MaxValue;
        }

        var running = SlaPolicy.Counted(incident, BusinessCalendar.Always, now);
        var order = levels.Select(l => l.Level).Distinct(StringComparer.Ordinal).ToList();
        int reachedByHand = ReachedByHand(incident, order);
        var due = DateTimeOffset.MaxValue;
        foreach (var level in levels)
        {
            if (Waiting(incident, level, order, reachedByHand, out _))
            {
                var at = IncidentManager.After(now, level.After - running);
                due = at < due ? at : due;
            }
        }

        return due;
    }

    /// <summary>Whether a level is still to be notified by the timer: its clock is running, it was not notified, and no hand escalation reached it.</summary>
    private static bool Waiting(ManagedIncident incident, EscalationLevel level, List<string> order, int reachedByHand, out string key)
    {
        key = $"{level.Clock}:{level.Level}";
        bool pending = level.Clock == "acknowledge" ? incident.AcknowledgedAt is null : incident.ResolvedAt is null;
        return pending && !incident.Sent.Contains(key) && order.IndexOf(level.Level) > reachedByHand;
    }

    /// <summary>The highest position in <paramref name="order"/> notified by a hand escalation (keys <c>manual:TICKS:LEVEL</c>); -1 when none.</summary>
    private static int ReachedByHand(ManagedIncident incident, List<string> order)
    {
        int reached = -1;
        foreach (var sent in incident.Sent)
        {
            if (sent.StartsWith("manual:", StringComparison.Ordinal))
            {
                reached = Math.Max(reached, order.IndexOf(sent[(sent.LastIndexOf(':') + 1)..]));
            }
        }

        return reached;
    }

    public string? Recipient(string level, string group, DateTimeOffset at) => level switch
    {
        "on-call" => OnCall(group, at),
        "team-lead" => options.Groups.TryGetValue(group, out var g) ? g.Lead : null,
        _ => options.Contacts.TryGetValue(level, out var contact) ? contact : null,
    };
}
