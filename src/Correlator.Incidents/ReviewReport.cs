namespace Correlator.Incidents;

/// <summary>
/// Review-meeting figures for a period: volume by priority / service / group, MTTA and MTTR, SLA attainment
/// per priority, reopen rate, the top recurring patterns and the problems opened. Null means "nothing to measure".
/// </summary>
public sealed record ReviewReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Incidents,
    IReadOnlyList<CountRow> ByPriority,
    IReadOnlyList<CountRow> ByService,
    IReadOnlyList<CountRow> ByGroup,
    double? MttaMinutes,
    double? MttrHours,
    double? SlaAttainment,
    IReadOnlyList<SlaRow> SlaByPriority,
    double ReopenRate,
    IReadOnlyList<PatternRow> TopPatterns,
    int ProblemsOpened)
{
    /// <summary>SLA figures per service (resolved incidents of the period).</summary>
    public IReadOnlyList<SlaRow> SlaByService { get; init; } = [];

    /// <summary>SLA figures per resolver group.</summary>
    public IReadOnlyList<SlaRow> SlaByGroup { get; init; } = [];

    /// <summary>Problem suggestions mined in the period (whatever was decided on them); <see cref="ProblemsOpened"/> counts those accepted in it.</summary>
    public int ProblemsProposed { get; init; }

    /// <summary>
    /// The noise-reduction funnel of the correlation pipeline (signals received, then what each stage removed, down
    /// to incidents), from its counters since the service started (they are not kept per period); empty when
    /// the caller has no pipeline.
    /// </summary>
    public IReadOnlyList<NoiseStageRow> NoiseStages { get; init; } = [];
}

/// <summary>One stage of noise reduction: signals in, removed by the stage, out to the next one, and the share removed (0 to 1).</summary>
public sealed record NoiseStageRow(string Stage, long In, long Removed, long Out, double Reduction);

/// <summary>How many incidents share one value (a priority, a service, a group).</summary>
public sealed record CountRow(string Key, int Count);

/// <summary>SLA figures of one priority: incidents measured (resolved with a target), met, attainment, mean time to resolve.</summary>
public sealed record SlaRow(string Key, int Measured, int Met, double? Attainment, double? MttrHours);

/// <summary>A recurring pattern: the problem suggestion, its incidents and downtime.</summary>
public sealed record PatternRow(long ProblemId, string Signature, int Incidents, string State, double DowntimeHours);
