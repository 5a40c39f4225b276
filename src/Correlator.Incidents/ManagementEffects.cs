using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// The outward effects of a pass of incident management, for the publishing outbox: a person's resolve
/// resolves the ticket, hold / resume / acknowledge change its state, every other timeline line is a note
/// (<see cref="OutboxKinds.Managed"/>), and every escalation, SLA warning and crisis reminder is a notice
/// (<see cref="OutboxKinds.Escalated"/>); a priority line also updates the ticket's priority fields
/// (<see cref="OutboxKinds.PriorityChanged"/> carrying the managed priority, impact and urgency). Keys derive from the line or notice, so deriving twice gives the same keys.
/// </summary>
public static class ManagementEffects
{
    /// <summary>Kinds of timeline lines a notice already carries, or that correlation's own effects publish.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "escalated", "sla-warning", "sla-breach", "crisis-reminder", "resolved", "reopened", "closed",
    };

    /// <summary>The kinds this derivation produces that a target must accept besides correlation's.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        [OutboxKinds.Managed, OutboxKinds.Escalated, OutboxKinds.Resolved, OutboxKinds.StateChanged, OutboxKinds.PriorityChanged];

    public static IEnumerable<OutboxEffect> Derive(ManagementChanges changes, Func<long, Incident?> incidentOf)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(incidentOf);
        var managed = changes.Incidents.ToDictionary(m => m.IncidentId);
        foreach (var entry in changes.Entries)
        {
            if (Skipped.Contains(entry.Kind))
            {
                continue;
            }

            var (kind, state) = entry.Kind switch
            {
                "resolve" => (OutboxKinds.Resolved, "resolved"),
                "hold" => (OutboxKinds.StateChanged, "on_hold"),
                "resume" or "acknowledge" => (OutboxKinds.StateChanged, "in_progress"),
                _ => (OutboxKinds.Managed, (string?)null),
            };
            var stream = OutboxKinds.IncidentStream(entry.IncidentId);
            var key = $"{stream}/mgmt/{entry.Kind}/{Number(entry.At.UtcTicks)}/{Hash(entry.Text)}";
            var payload = Payload(entry.IncidentId, incidentOf(entry.IncidentId), managed.GetValueOrDefault(entry.IncidentId), state, entry.At, entry.Text);
            yield return new OutboxEffect(stream, kind, key, OutboxJson.Write(payload));
            if (entry.Kind == "priority")
            {
                // The managed priority is the one the ticket carries: its priority field follows every change (issue 8).
                yield return new OutboxEffect(stream, OutboxKinds.PriorityChanged, key + "/field", OutboxJson.Write(payload));
            }
        }

        foreach (var notice in changes.Notices)
        {
            var stream = OutboxKinds.IncidentStream(notice.IncidentId);
            var text = $"Notify {notice.Level}{(notice.Recipient is null ? "" : " (" + notice.Recipient + ")")}: {notice.Reason}";
            yield return new OutboxEffect(stream, OutboxKinds.Escalated, $"{stream}/notice/{notice.Key}",
                OutboxJson.Write(Payload(notice.IncidentId, incidentOf(notice.IncidentId), managed.GetValueOrDefault(notice.IncidentId), null, notice.At, text)
                    with { NoticeLevel = notice.Level, NoticeRecipient = notice.Recipient }));
        }
    }

    private static IncidentEffect Payload(long id, Incident? incident, ManagedIncident? managed, string? state, DateTimeOffset at, string note)
    {
        var priority = managed?.Priority ?? incident?.Priority ?? Priority.P4;
        var effect = new IncidentEffect
        {
            IncidentId = id,
            Title = incident?.Title ?? "Incident " + Number(id),
            Service = incident?.Service ?? managed?.Service,
            State = state ?? (incident is null ? "new" : IncidentStates.ToName(incident.State)),
            Priority = "P" + Number((int)priority),
            Impact = Level((int)(managed?.Impact ?? incident?.Impact ?? Impact.Low)),
            Urgency = Level((int)(managed?.Urgency ?? incident?.Urgency ?? Urgency.Low)),
            Severity = SeverityNames.ToName(incident?.Severity ?? managed?.WorstSeverity ?? Severity.Info),
            OpenedAt = incident?.OpenedAt ?? managed?.OpenedAt ?? at,
            UpdatedAt = at,
            ResolvedAt = state == "resolved" ? at : incident?.ResolvedAt,
            ClosedAt = incident?.ClosedAt,
            Notes = [note],
        };
        return effect;
    }

    // Impact and Urgency number High = 1, Medium = 2, Low = 3.
    private static string Level(int value) => value switch
    {
        1 => "high",
        2 => "medium",
        _ => "low",
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of the text: a short, stable tag that tells two lines of the same kind and instant apart.</summary>
    private static string Hash(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
