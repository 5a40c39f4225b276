namespace Correlator.Service.Incidents;

/// <summary>
/// The <c>RootCauseHistory</c> section: how much of the confirmed root causes the ranking's history share reads
/// (incidents resolved within <see cref="Window"/>, at most <see cref="MaxIncidents"/>, newest first) and how long one
/// read is reused (<see cref="Refresh"/>) before the store is read again; a person's confirmation refreshes it at once.
/// </summary>
public sealed class RootCauseHistoryOptions
{
    public const string SectionName = "RootCauseHistory";

    /// <summary>How far back (from now, on the resolution time) a confirmed root cause counts.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Most confirmed incidents one read takes (the most recently resolved).</summary>
    public int MaxIncidents { get; set; } = 10_000;

    /// <summary>How long the incident page, the API and the engine reuse one read of the store.</summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromMinutes(5);
}
