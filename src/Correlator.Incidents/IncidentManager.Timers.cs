using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class IncidentManager
{
    /// <summary>
    /// Moves event time to <paramref name="now"/>: SLA warnings before a breach, breaches, escalations and crisis
    /// reminders that fell due. Only the incidents whose earliest due time has come, and those changed since their due
    /// time was last worked out, are looked at: a call with nothing due and nothing changed costs O(1) and records
    /// nothing. Each due time is a lower bound (an SLA or escalation clock counts at most one second per second of
    /// event time), so a timer is never skipped; an incident woken early is looked at and put back with a later time.
    /// </summary>
    public void AdvanceTo(DateTimeOffset now, ManagementChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_changed.Count > 0 || (_dueQueue.TryPeek(out _, out var first) && first <= now))
        {
            AdvanceIncidents(now, changes);
        }

        if (_crisesChanged)
        {
            _crisesChanged = false;
            _crisisDueAt = DateTimeOffset.MaxValue;
            foreach (var crisis in _crises.Values)
            {
                _crisisDueAt = crisis.NextUpdateAt < _crisisDueAt ? crisis.NextUpdateAt : _crisisDueAt;
            }
        }

        if (_crisisDueAt <= now)
        {
            RemindCrises(now, changes);
        }
    }

    /// <summary>The earliest event time at which <see cref="AdvanceTo"/> may have something to do (for tests and diagnostics).</summary>
    public DateTimeOffset NextDueAt
    {
        get
        {
            if (_changed.Count > 0)
            {
                return DateTimeOffset.MinValue;
            }

            var due = _dueQueue.TryPeek(out _, out var first) ? first : DateTimeOffset.MaxValue;
            return _crisesChanged ? DateTimeOffset.MinValue : (_crisisDueAt < due ? _crisisDueAt : due);
        }
    }

    private void AdvanceIncidents(DateTimeOffset now, ManagementChanges changes)
    {
        // Changed incidents and those due, each once, in id order: the notices and timeline lines come out in the same
        // order whatever the order the incidents became due in.
        var ids = new List<long>(_changed);
        _changed.Clear();
        while (_dueQueue.TryPeek(out var id, out var due) && due <= now)
        {
            _dueQueue.Dequeue();
            if (_dueAt.TryGetValue(id, out var current) && current == due)
            {
                _dueAt.Remove(id);
                ids.Add(id);
            }
        }

        ids.Sort();
        long previous = long.MinValue;
        foreach (var id in ids)
        {
            if (id == previous || !_open.TryGetValue(id, out var managed))
            {
                continue;
            }

            previous = id;
            var next = Advance(managed, now, changes);
            if (!ReferenceEquals(next, managed))
            {
                _open[id] = next;
                changes.Put(next);
            }

            Schedule(next, now);
        }

        if (_dueQueue.Count > (2 * _dueAt.Count) + 64)
        {
            // Entries superseded by a later due time are skipped when they come up; rebuild once they outnumber the live ones.
            _dueQueue.Clear();
            foreach (var (id, due) in _dueAt)
            {
                _dueQueue.Enqueue(id, due);
            }
        }
    }

    /// <summary>One incident's timers at <paramref name="now"/>: what falls due is recorded, the incident returned with it noted as sent.</summary>
    private ManagedIncident Advance(ManagedIncident managed, DateTimeOffset now, ManagementChanges changes)
    {
        if (!managed.IsOpen)
        {
            return managed;
        }

        var next = CheckSla(managed, now, changes);
        foreach (var notice in _escalation.Due(next, now))
        {
            changes.Notices.Add(notice);
            changes.Entries.Add(new ManagementEntry(next.IncidentId, now, "escalated", $"Escalated to {notice.Level}{(notice.Recipient is null ? "" : " (" + notice.Recipient + ")")}: {notice.Reason}"));
            next = next with { Sent = next.Sent.Add(notice.Key[(notice.Key.IndexOf(':', StringComparison.Ordinal) + 1)..]) };
        }

        return next;
    }

    /// <summary>
    /// Notes that an incident's timers must be worked out again at the next <see cref="AdvanceTo"/>: it was admitted,
    /// restored, or changed in something its timers read. Called wherever <c>_open</c> gets a new version.
    /// </summary>
    private void Changed(ManagedIncident? before, ManagedIncident after)
    {
        if (before is null || !SameTimers(before, after))
        {
            _changed.Add(after.IncidentId);
        }
    }

    /// <summary>An incident left management (closed): it has no timers any more.</summary>
    private void Forget(long incidentId)
    {
        _changed.Remove(incidentId);
        _dueAt.Remove(incidentId);
    }

    /// <summary>
    /// Whether two versions of an incident have the same timers: the same SLA targets and escalation levels (service,
    /// priority), the same clocks (opening, acknowledgement, resolution, closing, holds) and the same notices already
    /// sent. Everything <see cref="CheckSla"/>, <see cref="SlaPolicy.Evaluate"/> and <see cref="EscalationPolicy.Due(ManagedIncident, DateTimeOffset)"/>
    /// read to decide whether something is due must be compared here (the group and assignee only name recipients).
    /// </summary>
    private static bool SameTimers(ManagedIncident a, ManagedIncident b) =>
        a.IncidentId == b.IncidentId && a.Priority == b.Priority && string.Equals(a.Service, b.Service, StringComparison.Ordinal)
        && a.OpenedAt == b.OpenedAt && a.AcknowledgedAt == b.AcknowledgedAt && a.ResolvedAt == b.ResolvedAt && a.ClosedAt == b.ClosedAt
        && (ReferenceEquals(a.Holds, b.Holds) || a.Holds.SequenceEqual(b.Holds))
        && (ReferenceEquals(a.Sent, b.Sent) || a.Sent.SequenceEqual(b.Sent, StringComparer.Ordinal));

    /// <summary>Puts an incident, just looked at at <paramref name="now"/>, back in the queue at its next due time (none: out of the queue).</summary>
    private void Schedule(ManagedIncident managed, DateTimeOffset now)
    {
        var due = NextDue(managed, now);
        if (due == DateTimeOffset.MaxValue)
        {
            _dueAt.Remove(managed.IncidentId);
            return;
        }

        if (!_dueAt.TryGetValue(managed.IncidentId, out var known) || known != due)
        {
            _dueAt[managed.IncidentId] = due;
            _dueQueue.Enqueue(managed.IncidentId, due);
        }
    }

    /// <summary>
    /// The earliest event time after <paramref name="now"/> at which one of the incident's SLA warnings, breaches or
    /// escalations can fall due, provided nothing changes it in between; <see cref="DateTimeOffset.MaxValue"/> when none
    /// can. A lower bound: business time and time not on hold grow at most as fast as event time, so a clock that needs
    /// <c>d</c> more cannot get there before <c>now + d</c>.
    /// </summary>
    private DateTimeOffset NextDue(ManagedIncident managed, DateTimeOffset now)
    {
        if (!managed.IsOpen)
        {
            return DateTimeOffset.MaxValue;
        }

        var due = _escalation.NextDue(managed, now);
        if (Sla.TargetFor(managed.Service, managed.Priority) is var (target, calendar))
        {
            if (managed.AcknowledgedAt is null)
            {
                due = Earliest(due, ClockDue(managed, "acknowledge", target.Acknowledge, calendar, now));
            }

            due = Earliest(due, ClockDue(managed, "resolve", target.Resolve, calendar, now));
        }

        return due;
    }

    private DateTimeOffset ClockDue(ManagedIncident managed, string name, TimeSpan target, BusinessCalendar calendar, DateTimeOffset now)
    {
        bool breachSent = managed.Sent.Contains($"sla:{name}:breach");
        if (breachSent)
        {
            return DateTimeOffset.MaxValue;
        }

        var elapsed = SlaPolicy.Counted(managed, calendar, now);

        // A breach is elapsed > target (one tick past it); a warning elapsed >= target × WarnAtFraction (SlaPolicy).
        var due = After(now, target - elapsed + TimeSpan.FromTicks(1));
        if (!managed.Sent.Contains($"sla:{name}:warning"))
        {
            due = Earliest(due, After(now, (target * _options.WarnAtFraction) - elapsed));
        }

        return due;
    }

    /// <summary><paramref name="now"/> + <paramref name="wait"/>, no earlier than <paramref name="now"/>, saturating at the maximum.</summary>
    internal static DateTimeOffset After(DateTimeOffset now, TimeSpan wait) =>
        wait <= TimeSpan.Zero ? now : (DateTimeOffset.MaxValue - now <= wait ? DateTimeOffset.MaxValue : now + wait);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

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
