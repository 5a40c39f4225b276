using System.Globalization;

namespace Correlator.Incidents;

/// <summary>
/// Counts time inside working hours: the calendar's days and hours in its own time zone (so "09:00-17:00"
/// stays eight local hours across a DST change), minus holidays. "24x7" counts every instant.
/// </summary>
public sealed class BusinessCalendar
{
    public const string AlwaysName = "24x7";

    // A deadline further than this is a calendar without working time (every day a holiday): refuse it.
    private const int MaxDays = 3 * 366;

    private readonly BusinessHours? _hours;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private readonly HashSet<DayOfWeek> _days = [];
    private readonly HashSet<DateOnly> _holidays = [];

    private BusinessCalendar(string name, BusinessHours? hours)
    {
        Name = name;
        _hours = hours;
        if (hours is not null)
        {
            _zone = TimeZones.Find(hours.TimeZone);
            _days = hours.Days.Count == 0 ? [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday] : [.. hours.Days];
            _holidays = [.. hours.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture))];
        }
    }

    public static BusinessCalendar Always { get; } = new(AlwaysName, null);

    public string Name { get; }

    public static BusinessCalendar From(string name, BusinessHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return new BusinessCalendar(name, hours);
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (_hours is null)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(to).AddDays(1);
        for (var day = LocalDate(from).AddDays(-1); day <= last; day = day.AddDays(1))
        {
            if (WorkingWindow(day) is { } window)
            {
                var start = window.Start > from ? window.Start : from;
                var end = window.End < to ? window.End : to;
                if (end > start)
                {
                    total += end - start;
                }
            }
        }

        return total;
    }

    /// <summary>The instant at which <paramref name="duration"/> of working time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Deadline(DateTimeOffset from, TimeSpan duration)
    {
        if (_hours is null)
        {
            return from + duration;
        }

        var left = duration;
        var day = LocalDate(from).AddDays(-1);
        for (int i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (WorkingWindow(day) is not { } window || window.End <= from)
            {
                continue;
            }

            var start = window.Start > from ? window.Start : from;
            var available = window.End - start;
            if (available >= left)
            {
                return start + left;
            }

            left -= available;
        }

        throw new InvalidOperationException($"Calendar {Name} has no working time in the {MaxDays} days after {from:O}.");
    }

    /// <summary>Whether the instant is inside working hours.</summary>
    public bool IsWorking(DateTimeOffset at) => _hours is null || (WorkingWindow(LocalDate(at)) is { } w && at >= w.Start && at < w.End);

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private (DateTimeOffset Start, DateTimeOffset End)? WorkingWindow(DateOnly day)
    {
        var hours = _hours!;
        if (!_days.Contains(day.DayOfWeek) || _holidays.Contains(day))
        {
            return null;
        }

        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (ToInstant(midnight + hours.Start), ToInstant(midnight + hours.End));
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        // A local time skipped by a DST jump starts at the first valid instant after it.
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
