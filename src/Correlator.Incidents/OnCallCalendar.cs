using System.Globalization;

namespace Correlator.Incidents;

/// <summary>
/// Who of a resolver group is on call at an instant: members take turns of <c>RotationDays</c> days, handing
/// over at a local time of day in the group's time zone (so a handover stays at 09:00 local across DST);
/// overrides replace the rotation for their period.
/// </summary>
public sealed class OnCallCalendar
{
    private readonly ResolverGroup _group;
    private readonly TimeZoneInfo _zone;
    private readonly DateOnly _start;

    public OnCallCalendar(ResolverGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _group = group;
        _zone = TimeZones.Find(group.TimeZone);
        _start = DateOnly.ParseExact(group.RotationStart, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public string? OnCallAt(DateTimeOffset at)
    {
        for (int i = _group.Overrides.Count - 1; i >= 0; i--)
        {
            var over = _group.Overrides[i];
            if (at >= over.From && at < over.To)
            {
                return over.Member;
            }
        }

        if (_group.OnCall.Count == 0)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(at, _zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (local.TimeOfDay < _group.HandoverAt)
        {
            day = day.AddDays(-1);
        }

        long days = day.DayNumber - _start.DayNumber;
        long turn = (long)Math.Floor(days / (double)_group.RotationDays);
        int index = (int)(((turn % _group.OnCall.Count) + _group.OnCall.Count) % _group.OnCall.Count);
        return _group.OnCall[index];
    }
}
