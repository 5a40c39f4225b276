using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// Hierarchical escalation: per priority, the levels to notify when an incident is still not acknowledged or
/// not resolved after a time (wall-clock time since opening, less time on hold — escalation is about people
/// acting now, not business hours). Each level is notified once per incident.
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
        if (!incident.IsOpen || !options.Escalation.TryGetValue(incident.Priority.ToString(), out var levels))
        {
            yield break;
        }

        var running = SlaPolicy.Counted(incident, BusinessCalendar.Always, now);
        foreach (var level in levels)
        {
            var key = $"{level.Clock}:{level.Level}";
            bool pending = level.Clock == "acknowledge" ? incident.AcknowledgedAt is null : incident.ResolvedAt is null;
            if (!pending || running < level.After || incident.Sent.Contains(key))
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

    public string? Recipient(string level, string group, DateTimeOffset at) => level switch
    {
        "on-call" => OnCall(group, at),
        "team-lead" => options.Groups.TryGetValue(group, out var g) ? g.Lead : null,
        _ => options.Contacts.TryGetValue(level, out var contact) ? contact : null,
    };
}
