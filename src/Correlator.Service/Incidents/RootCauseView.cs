using Correlator.Correlation.RootCause;
using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Service.Incidents;

/// <summary>One ranked root-cause candidate of an incident (rank 1 is the most likely), with the reason for its score.</summary>
public sealed record RootCauseDto(int Rank, string Component, double Score, string Reason);

/// <summary>A component around an incident: affected (one of its signals is on it) or not, with its direct edges among those shown.</summary>
public sealed record NeighbourDto(string Component, bool Affected, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Dependents);

/// <summary>The incident's affected components and their direct dependencies and dependents; <c>Truncated</c> when the cap left some out.</summary>
public sealed record NeighbourhoodDto(IReadOnlyList<NeighbourDto> Components, bool Truncated, int Cap);

/// <summary>
/// Root-cause candidates and topology neighbourhood of an incident, computed from its stored signals and the
/// current topology with the same evidence as the engine (<see cref="RootCauseEvidence"/>), never by calling the
/// engine (it lives on the pipeline thread). The history share comes from <see cref="ConfirmedRootCauseHistory"/>
/// (the root causes incident managers confirmed), without the incident's own confirmation.
/// </summary>
public static class RootCauseView
{
    public static (IReadOnlyList<RootCauseDto> RootCauses, NeighbourhoodDto Neighbourhood) Build(
        IEnumerable<SignalState> signals, long incidentId, TopologyGraph topology, int cap, IRootCauseHistory? history = null)
    {
        var evidence = RootCauseEvidence.From(signals, incidentId, topology);
        var ranked = RootCauseRanker.Rank(evidence, topology, history);
        var around = RootCauseEvidence.NeighbourhoodOf([.. evidence.Select(e => e.Component)], topology, cap);
        return (
            [.. ranked.Select(c => new RootCauseDto(c.Rank, c.Component, c.Score, c.Reason))],
            new NeighbourhoodDto([.. around.Nodes.Select(n => new NeighbourDto(n.Component, n.Affected, n.DependsOn, n.Dependents))], around.Truncated, cap));
    }
}
