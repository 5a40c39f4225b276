namespace Correlator.Service.Problems;

/// <summary>
/// The <c>ProblemSuggestions</c> section: how often the service mines its incident history for recurring
/// signatures, how far back, and when a rejected pattern counts as changed. What makes a signature (fields, k,
/// window) is <c>IncidentManagement:Problems</c>.
/// </summary>
public sealed class ProblemSuggestionOptions
{
    public const string SectionName = "ProblemSuggestions";

    /// <summary>Mine periodically at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two mining runs (the first runs at start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back (from now) the history goes: incidents opened earlier are not read.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Most incidents one run reads (the newest are kept).</summary>
    public int MaxIncidents { get; set; } = 100_000;

    /// <summary>
    /// A rejected pattern is proposed again only when it changes: of its incidents not in the rejected evidence and
    /// opened after its last one, as many fall within one mining window as this factor times its frequency when
    /// rejected (and at least k).
    /// </summary>
    public double RejectedChangeFactor { get; set; } = 2.0;
}
