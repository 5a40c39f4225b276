using Correlator.Correlation.RootCause;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>
    /// The root-cause candidates of an incident not yet closed, ranked from its signals as they are now:
    /// a signal's component is its resource when the topology knows it, else its service, else whichever it has.
    /// Empty for an unknown or closed incident.
    /// </summary>
    public IReadOnlyList<RootCauseCandidate> RankRootCauses(long incidentId, IRootCauseHistory? history = null)
    {
        if (!_tracks.TryGetValue(incidentId, out var track))
        {
            return [];
        }

        var byComponent = new Dictionary<string, ComponentEvidence>(StringComparer.Ordinal);
        foreach (var link in track.Incident.Links)
        {
            if (!_signals.TryGetValue(link.Fingerprint, out var state) || state.IncidentId != incidentId || ComponentOf(state.Latest) is not { } component)
            {
                continue;
            }

            var onset = state.Latest.StartsAt < state.FirstSeenAt ? state.Latest.StartsAt : state.FirstSeenAt;
            var score = state.Latest.Score ?? ((double)state.Latest.Severity / (double)Severity.Critical);
            byComponent[component] = byComponent.TryGetValue(component, out var known)
                ? known with { FirstOnset = onset < known.FirstOnset ? onset : known.FirstOnset, MaxScore = Math.Max(score, known.MaxScore), Signals = known.Signals + 1 }
                : new ComponentEvidence(component, onset, score, 1);
        }

        return RootCauseRanker.Rank([.. byComponent.Values.OrderBy(e => e.Component, StringComparer.Ordinal)], _topology, history);
    }

    /// <summary>
    /// Learns co-occurrences from the onsets of newly firing signals (type = signal name, component as for root
    /// causes), to propose rules; null for none. The learner only proposes: nothing it learns changes correlation.
    /// </summary>
    public Learning.CooccurrenceLearner? Learner { get; set; }

    /// <summary>The IDs of the incidents not yet closed, in order.</summary>
    public IReadOnlyList<long> OpenIncidentIds() => [.. _tracks.Keys.Order()];

    private string? ComponentOf(Signal signal) =>
        _topology.Contains(signal.Resource) ? signal.Resource
        : _topology.Contains(signal.Service) ? signal.Service
        : string.IsNullOrEmpty(signal.Resource) ? signal.Service : signal.Resource;
}
