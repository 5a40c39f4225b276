using System.Globalization;

namespace Correlator.Incidents.Tests;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Office = BusinessCalendar.From("office", Build.Options().Calendars["office"]);

    private static readonly BusinessCalendar EveryDayParis = BusinessCalendar.From("paris", new BusinessHours
    {
        TimeZone = "Europe/Paris",
        Days = [.. Enum.GetValues<DayOfWeek>()],
        Start = TimeSpan.Zero,
        End = TimeSpan.FromDays(1),
    });

    public static TheoryData<string, string, string, double> ElapsedCases => new()
    {
        // calendar, from, to, working hours between
        { "office", "2026-03-02T08:00:00Z", "2026-03-02T16:00:00Z", 8 },      // Monday 09:00-17:00 CET
        { "office", "2026-03-02T06:00:00Z", "2026-03-02T20:00:00Z", 8 },      // before and after hours do not count
        { "office", "2026-03-06T15:00:00Z", "2026-03-09T09:00:00Z", 2 },      // Friday 16:00 to Monday 10:00: one hour each side
        { "office", "2026-03-07T10:00:00Z", "2026-03-08T18:00:00Z", 0 },      // a weekend
        { "office", "2026-04-02T14:00:00Z", "2026-04-07T08:00:00Z", 10 },     // Thursday 16:00 to Tuesday 10:00 over the Easter Monday holiday
        { "office", "2026-03-27T08:00:00Z", "2026-03-30T07:00:00Z", 8 },      // Friday 09:00 CET to Monday 09:00 CEST, over the spring DST change
        { "office", "2026-03-30T07:00:00Z", "2026-03-30T15:00:00Z", 8 },      // a summer-time day is still 8 local hours
        { "paris", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25 },      // the autumn DST day lasts 25 hours
        { "paris", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23 },      // the spring DST day lasts 23 hours
        { "24x7", "2026-03-07T10:00:00Z", "2026-03-08T18:00:00Z", 32 },
        { "office", "2026-03-02T16:00:00Z", "2026-03-02T08:00:00Z", 0 },      // reversed: nothing
    };

    [Theory]
    [MemberData(nameof(ElapsedCases))]
    public void Elapsed_BusinessHoursHolidaysDst_CountsWorkingTime(string calendar, string from, string to, double hours)
    {
        var elapsed = Pick(calendar).Elapsed(At(from), At(to));

        Assert.Equal(TimeSpan.FromHours(hours), elapsed);
    }

    public static TheoryData<string, string, double, string> DeadlineCases => new()
    {
        { "office", "2026-03-06T15:00:00Z", 2, "2026-03-09T09:00:00Z" },      // Friday 16:00 CET + 2 working hours = Monday 10:00 CET
        { "office", "2026-03-07T12:00:00Z", 1, "2026-03-09T09:00:00Z" },      // from a Saturday
        { "office", "2026-04-03T14:00:00Z", 2, "2026-04-07T08:00:00Z" },      // Good Friday 16:00 CEST + 2h skips Easter Monday
        { "office", "2026-03-27T16:00:00Z", 1, "2026-03-30T08:00:00Z" },      // Friday 17:00 CET + 1h over the DST weekend: Monday 10:00 CEST
        { "24x7", "2026-03-07T12:00:00Z", 30, "2026-03-08T18:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(DeadlineCases))]
    public void Deadline_WorkingTimeFromAnInstant_SkipsClosedTime(string calendar, string from, double hours, string expected)
    {
        var deadline = Pick(calendar).Deadline(At(from), TimeSpan.FromHours(hours));

        Assert.Equal(At(expected), deadline);
        Assert.Equal(TimeSpan.FromHours(hours), Pick(calendar).Elapsed(At(from), deadline));
    }

    private static BusinessCalendar Pick(string name) => name switch
    {
        "office" => Office,
        "paris" => EveryDayParis,
        _ => BusinessCalendar.Always,
    };

    internal static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
