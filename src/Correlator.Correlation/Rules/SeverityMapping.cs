using Correlator.Domain;

namespace Correlator.Correlation.Rules;

/// <summary>
/// Rewrites the severity of matching signals before correlation (per source and service): either to one
/// fixed severity, or through a from→to map; severities the map does not name are kept.
/// </summary>
public sealed record SeverityMapping(string Name, SignalMatcher Match, Severity? Set, IReadOnlyDictionary<Severity, Severity> Map, int Line)
{
    public Severity Apply(Severity severity) => Set ?? (Map.TryGetValue(severity, out var mapped) ? mapped : severity);
}
