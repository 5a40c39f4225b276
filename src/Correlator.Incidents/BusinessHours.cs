namespace Correlator.Incidents;

/// <summary>Working hours of a calendar in its time zone, with holidays (local dates yyyy-MM-dd).</summary>
public sealed class BusinessHours
{
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Working days (empty: Monday to Friday).</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    public TimeSpan Start { get; set; } = TimeSpan.FromHours(9);

    public TimeSpan End { get; set; } = TimeSpan.FromHours(17);

    public List<string> Holidays { get; set; } = [];
}
