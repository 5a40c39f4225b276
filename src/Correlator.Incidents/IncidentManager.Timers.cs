using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class IncidentManager
{
    /// <summary>Moves event time to <paramref name="now"/>: SLA warnings before a breach, breaches, and escalations that fell due.</summary>
    public void AdvanceTo(DateTimeOffset now, ManagementChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        List<ManagedIncident>? updated = null;
        foreach (var managed in _open.Values)
        {
            if (!managed.IsOpen)
            {
                continue;
            }

            var next = CheckSla(managed, now, changes);
            foreach (var notice in _escalation.Due(next, now))
            {
                changes.Notices.Add(notice);
                changes.Entries.Add(new ManagementEntry(next.IncidentId, now, "escalated", $"Escalated to {notice.Level}{(notice.Recipient is null ? "" : " (" + notice.Recipient + ")")}: {notice.Reason}"));
                next = next with { Sent = next.Sent.Add(notice.Key[(notice.Key.IndexOf(':', StringComparison.Ordinal) + 1)..]) };
            }

            if (!ReferenceEquals(next, managed))
            {
                (updated ??= []).Add(next);
            }
        }

        foreach (var next in updated ?? [])
        {
            _open[next.IncidentId] = next;
            changes.Put(next);
        }

        RemindCrises(now, changes);
    }

    private ManagedIncident CheckSla(ManagedIncident managed, DateTimeOffset now, ManagementChanges changes)
    {
        if (Sla.Evaluate(managed, now) is not { } status)
        {
            return managed;
        }

        var next = CheckClock(managed, "acknowledge", status.Acknowledge, managed.AcknowledgedAt is null, now, changes);
        return CheckClock(next, "resolve", status.Resolve, true, now, changes);
    }

    private ManagedIncident CheckClock(ManagedIncident managed, string name, SlaClock clock, bool pending, DateTimeOffset now, ManagementChanges changes)
    {
        if (!pending || clock.State is SlaClockState.Met)
        {
            return managed;
        }

        var (step, text) = clock.State == SlaClockState.Breached
            ? ("breach", string.Create(CultureInfo.InvariantCulture, $"SLA breached: time to {name} {clock.Elapsed} exceeds the target {clock.Target}"))
            : clock.Warning
                ? ("warning", string.Create(CultureInfo.InvariantCulture, $"SLA warning: {clock.Used:P0} of the time to {name} ({clock.Target}) used; breach at {clock.BreachAt:O} unless it is {(name == "acknowledge" ? "acknowledged" : "resolved")}"))
                : (null, null);
        if (step is null || text is null)
        {
            return managed;
        }

        var key = $"sla:{name}:{step}";
        if (managed.Sent.Contains(key))
        {
            return managed;
        }

        var recipient = _escalation.Recipient("on-call", managed.Group, now);
        changes.Entries.Add(new ManagementEntry(managed.IncidentId, now, "sla-" + step, text));
        changes.Notices.Add(new EscalationNotice($"{managed.IncidentId}:{key}", managed.IncidentId, now, managed.Priority, "on-call", recipient, text));
        var sent = managed.Sent.Add(key);
        if (step == "breach" && !sent.Contains($"sla:{name}:warning"))
        {
            sent = sent.Add($"sla:{name}:warning");
        }

        return managed with { Sent = sent };
    }
}
