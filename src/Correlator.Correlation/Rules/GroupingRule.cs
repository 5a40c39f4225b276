namespace Correlator.Correlation.Rules;

/// <summary>
/// Groups matching firing signals that share the values of <see cref="By"/> into one incident while they
/// arrive within <see cref="Window"/>; an incident takes no new signal once it is older than
/// <see cref="MaxLifetime"/>, and none opens before <see cref="MinOccurrences"/> notifications of at least
/// <see cref="MinSignals"/> distinct signals arrived within the window.
/// </summary>
public sealed record GroupingRule(
    string Name,
    SignalMatcher Match,
    IReadOnlyList<string> By,
    TimeSpan Window,
    TimeSpan? MaxLifetime,
    int MinOccurrences,
    int MinSignals,
    int Line)
{
    /// <summary>Whether signals wait in a pending group before an incident opens.</summary>
    public bool HasThreshold => MinOccurrences > 1 || MinSignals > 1;
}
