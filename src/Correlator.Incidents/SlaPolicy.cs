using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// SLA targets per priority and service, counted in business hours of the service's calendar; clocks stop
/// at acknowledgement / resolution and pause while the incident is on hold.
/// </summary>
public sealed class SlaPolicy
{
    private readonly IncidentManagementOptions _options;
    private readonly Dictionary<string, BusinessCalendar> _calendars = new(StringComparer.Ordinal);

    public SlaPolicy(IncidentManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _calendars[BusinessCalendar.AlwaysName] = BusinessCalendar.Always;
        foreach (var (name, hours) in options.Calendars)
        {
            _calendars[name] = BusinessCalendar.From(name, hours);
        }
    }

    /// <summary>The target for a service and priority, and the calendar it counts in; null when none is configured.</summary>
    public (SlaTarget Target, BusinessCalendar Calendar)? TargetFor(string? service, Priority priority)
    {
        var key = PriorityKey.Of(priority);
        SlaTarget? target = null;
        if (service is not null && _options.ServiceSla.TryGetValue(service, out var perService))
        {
            perService.TryGetValue(key, out target);
        }

        if (target is null && !_options.Sla.TryGetValue(key, out target))
        {
            return null;
        }

        var calendarName = target.Calendar
            ?? (service is not null && _options.Services.TryGetValue(service, out var entry) ? entry.Calendar : null)
            ?? BusinessCalendar.AlwaysName;
        return (target, _calendars[calendarName]);
    }

    public SlaStatus? Evaluate(ManagedIncident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (TargetFor(incident.Service, incident.Priority) is not var (target, calendar))
        {
            return null;
        }

        var ack = Clock(incident, calendar, target.Acknowledge, incident.AcknowledgedAt ?? incident.ResolvedAt, now);
        var resolve = Clock(incident, calendar, target.Resolve, incident.ResolvedAt, now);
        return new SlaStatus(calendar.Name, ack, resolve);
    }

    /// <summary>Business time from opening to <paramref name="end"/> (or now), minus the business time spent on hold.</summary>
    public static TimeSpan Counted(ManagedIncident incident, BusinessCalendar calendar, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(calendar);
        var elapsed = calendar.Elapsed(incident.OpenedAt, end);
        foreach (var hold in incident.Holds)
        {
            var holdEnd = hold.To is { } to && to < end ? to : end;
            elapsed -= calendar.Elapsed(hold.From, holdEnd);
        }

        return elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed;
    }

    private SlaClock Clock(ManagedIncident incident, BusinessCalendar calendar, TimeSpan target, DateTimeOffset? stoppedAt, DateTimeOffset now)
    {
        var end = stoppedAt is { } stop && stop < now ? stop : now;
        var elapsed = Counted(incident, calendar, end);
        bool warning = elapsed >= target * _options.WarnAtFraction;
        if (stoppedAt is not null && stoppedAt <= now)
        {
            return new SlaClock(elapsed, target, elapsed <= target ? SlaClockState.Met : SlaClockState.Breached, warning, null);
        }

        if (elapsed > target)
        {
            return new SlaClock(elapsed, target, SlaClockState.Breached, true, null);
        }

        if (incident.IsOnHold)
        {
            return new SlaClock(elapsed, target, SlaClockState.Paused, warning, null);
        }

        return new SlaClock(elapsed, target, SlaClockState.Running, warning, calendar.Deadline(now, target - elapsed));
    }
}
