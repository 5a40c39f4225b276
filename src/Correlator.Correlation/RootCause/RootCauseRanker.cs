using System.Globalization;
using Correlator.Correlation.Topology;

namespace Correlator.Correlation.RootCause;

/// <summary>
/// Ranks an incident's affected components as root-cause candidates. Score = 0.4 position + 0.3 onset +
/// 0.2 anomaly + 0.1 history, each in [0, 1]: position — how many other affected components depend on it
/// (a fault propagates from a dependency to its dependents) minus how many it depends on; onset — earlier is
/// better; anomaly — the strongest detector score (or severity for alerts); history — how often it went wrong
/// first before (<see cref="IRootCauseHistory"/>: 0 without one, and the reason says so). Ties go to the earlier onset, then the name, so the ranking is deterministic.
/// </summary>
public static class RootCauseRanker
{
    public const double PositionWeight = 0.4;
    public const double OnsetWeight = 0.3;
    public const double AnomalyWeight = 0.2;
    public const double HistoryWeight = 0.1;

    public static IReadOnlyList<RootCauseCandidate> Rank(IReadOnlyList<ComponentEvidence> evidence, TopologyGraph topology, IRootCauseHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(topology);
        int n = evidence.Count;
        var onsets = evidence.Select(e => e.FirstOnset).Distinct().Order().ToList();
        var scored = new List<(ComponentEvidence Evidence, double Score, string Reason)>(n);
        foreach (var candidate in evidence)
        {
            int explains = 0, dependsOn = 0;
            foreach (var other in evidence)
            {
                if (ReferenceEquals(other, candidate))
                {
                    continue;
                }

                explains += topology.DependsOn(other.Component, candidate.Component) ? 1 : 0;
                dependsOn += topology.DependsOn(candidate.Component, other.Component) ? 1 : 0;
            }

            double position = n <= 1 ? 1 : (explains - dependsOn + (n - 1)) / (2.0 * (n - 1));
            int onsetRank = onsets.IndexOf(candidate.FirstOnset);
            double onset = onsets.Count <= 1 ? 1 : 1 - (onsetRank / (double)(onsets.Count - 1));
            double anomaly = Math.Clamp(candidate.MaxScore, 0, 1);
            double lead = history is null ? 0 : Math.Clamp(history.LeadRate(candidate.Component), 0, 1);
            double score = (PositionWeight * position) + (OnsetWeight * onset) + (AnomalyWeight * anomaly) + (HistoryWeight * lead);
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{explains} of {n - 1} other affected component(s) depend on it, it depends on {dependsOn} (position {position:F2}); onset #{onsetRank + 1} at {candidate.FirstOnset:HH:mm:ss} (onset {onset:F2}); strongest signal {anomaly:F2}; {(history is null ? "no root-cause history" : history.Explain(candidate.Component))} (history {lead:F2})");
            scored.Add((candidate, score, reason));
        }

        return
        [
            .. scored
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Evidence.FirstOnset)
                .ThenBy(s => s.Evidence.Component, StringComparer.Ordinal)
                .Select((s, i) => new RootCauseCandidate(i + 1, s.Evidence.Component, Math.Round(s.Score, 4), s.Reason)),
        ];
    }
}
