using Correlator.Correlation.RootCause;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>
    /// The root-cause candidates of an incident not yet closed, ranked from its signals: a signal's component is its
    /// resource when the topology knows it, else its service, else whichever it has; its strength is the strongest it
    /// was while firing in the incident when <paramref name="peaks"/> (fed with this engine's change sets) knows it,
    /// else its latest. Empty for an unknown or closed incident.
    /// </summary>
    public IReadOnlyList<RootCauseCandidate> RankRootCauses(long incidentId, IRootCauseHistory? history = null, SignalPeaks? peaks = null)
    {
        if (!_tracks.TryGetValue(incidentId, out var track))
        {
            return [];
        }

        var states = new List<SignalState>(track.Incident.Links.Count);
        foreach (var link in track.Incident.Links)
        {
            if (_signals.TryGetValue(link.Fingerprint, out var state))
            {
                states.Add(state);
            }
        }

        return RootCauseRanker.Rank(RootCauseEvidence.From(states, incidentId, _topology, peaks), _topology, history);
    }

    /// <summary>
    /// Learns co-occurrences from the onsets of newly firing signals (type = signal name, component as for root
    /// causes), to propose rules; null for none. The learner only proposes: nothing it learns changes correlation.
    /// </summary>
    public Learning.CooccurrenceLearner? Learner { get; set; }

    /// <summary>The IDs of the incidents not yet closed, in order.</summary>
    public IReadOnlyList<long> OpenIncidentIds() => [.. _tracks.Keys.Order()];

    private string? ComponentOf(Signal signal) => RootCauseEvidence.ComponentOf(signal, _topology);
}
