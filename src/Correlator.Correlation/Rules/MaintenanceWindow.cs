using Correlator.Domain;
using Cronos;

namespace Correlator.Correlation.Rules;

/// <summary>
/// A maintenance window: one-off (start, end), recurring by cron expression with a duration, or recurring on
/// weekdays between two wall-clock times; recurring windows are read in their IANA time zone, so they follow
/// daylight-saving changes. Matching signals are suppressed or downgraded while it is active.
/// </summary>
public sealed record MaintenanceWindow(string Name, SignalMatcher Match, MaintenanceAction Action, Severity DowngradeTo, int Line)
{
    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    public CronExpression? Cron { get; init; }

    public TimeSpan Duration { get; init; }

    public IReadOnlySet<DayOfWeek>? Days { get; init; }

    public TimeOnly From { get; init; }

    public TimeOnly To { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Whether the window is in force at the event time <paramref name="at"/>.</summary>
    public bool IsActive(DateTimeOffset at)
    {
        if (Start is { } start && End is { } end)
        {
            return at >= start && at < end;
        }

        if (Cron is { } cron)
        {
            // The first start after (at - duration) is the only one whose window can cover at.
            var next = cron.GetNextOccurrence(at.ToUniversalTime() - Duration, TimeZone, inclusive: false);
            return next is { } begin && begin <= at;
        }

        if (Days is { } days)
        {
            var local = TimeZoneInfo.ConvertTime(at, TimeZone);
            var time = TimeOnly.FromDateTime(local.DateTime);
            var day = local.DayOfWeek;
            if (From < To)
            {
                return days.Contains(day) && time >= From && time < To;
            }

            // Overnight: from the evening of a listed day to the morning after.
            var previous = (DayOfWeek)(((int)day + 6) % 7);
            return (days.Contains(day) && time >= From) || (days.Contains(previous) && time < To);
        }

        return false;
    }
}
