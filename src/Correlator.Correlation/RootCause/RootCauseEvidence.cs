using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Correlation.RootCause;

/// <summary>
/// Builds the root-cause evidence of an incident from its signals — one place, used by the engine and by the
/// service's incident views, so the two cannot drift: a signal's component is its resource when the topology
/// knows it, else its service, else whichever it has; its onset is the earlier of its start and first sighting;
/// its strength is its detector score, else its severity over Critical — the strongest it was while it fired in the
/// incident when a <see cref="SignalPeaks"/> knows that, else its latest.
/// </summary>
public static class RootCauseEvidence
{
    /// <summary>
    /// The evidence per component of the signals attached to <paramref name="incidentId"/>, in component name order;
    /// with <paramref name="peaks"/>, a signal counts the strongest it was while firing in the incident (a signal that
    /// has resolved keeps the evidence it gave), not only its latest value.
    /// </summary>
    public static IReadOnlyList<ComponentEvidence> From(IEnumerable<SignalState> signals, long incidentId, TopologyGraph topology, SignalPeaks? peaks = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(topology);
        var byComponent = new Dictionary<string, ComponentEvidence>(StringComparer.Ordinal);
        foreach (var state in signals)
        {
            if (state.IncidentId != incidentId || ComponentOf(state.Latest, topology) is not { } component)
            {
                continue;
            }

            var onset = state.Latest.StartsAt < state.FirstSeenAt ? state.Latest.StartsAt : state.FirstSeenAt;
            var score = StrengthOf(state.Latest);
            if (peaks?.PeakOf(incidentId, state.Fingerprint) is { } peak && peak > score)
            {
                score = peak;
            }

            byComponent[component] = byComponent.TryGetValue(component, out var known)
                ? known with { FirstOnset = onset < known.FirstOnset ? onset : known.FirstOnset, MaxScore = Math.Max(score, known.MaxScore), Signals = known.Signals + 1 }
                : new ComponentEvidence(component, onset, score, 1);
        }

        return [.. byComponent.Values.OrderBy(e => e.Component, StringComparer.Ordinal)];
    }

    /// <summary>How strongly a signal says something is wrong: its detector score, else its severity over Critical.</summary>
    public static double StrengthOf(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Score ?? ((double)signal.Severity / (double)Severity.Critical);
    }

    /// <summary>The signal's component: its resource when the topology knows it, else its service, else whichever it has (null for neither).</summary>
    public static string? ComponentOf(Signal signal, TopologyGraph topology)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return ComponentOf(signal.Resource, signal.Service, topology);
    }

    /// <summary>The component of a signal on <paramref name="resource"/> of <paramref name="service"/>, by the same rule (for signals read back as their place only).</summary>
    public static string? ComponentOf(string? resource, string? service, TopologyGraph topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Contains(resource) ? resource
            : topology.Contains(service) ? service
            : string.IsNullOrEmpty(resource) ? service : resource;
    }

    /// <summary>
    /// The topology around the affected components: each of them, then their direct dependencies and dependents,
    /// each marked affected or not, at most <paramref name="cap"/> entries (affected ones first, in name order).
    /// </summary>
    public static Neighbourhood NeighbourhoodOf(IReadOnlyCollection<string> affected, TopologyGraph topology, int cap)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        var hit = new HashSet<string>(affected, StringComparer.Ordinal);
        var nodes = new List<NeighbourhoodNode>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var truncated = false;
        foreach (var name in hit.Order(StringComparer.Ordinal))
        {
            if (nodes.Count >= cap)
            {
                truncated = true;
                break;
            }

            kept.Add(name);
            nodes.Add(new NeighbourhoodNode(name, true, [.. topology.DependenciesOf(name).Order(StringComparer.Ordinal)], [.. topology.DependentsOf(name).Order(StringComparer.Ordinal)]));
        }

        var around = kept.SelectMany(n => topology.DependenciesOf(n).Concat(topology.DependentsOf(n))).Where(n => !hit.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in around)
        {
            if (nodes.Count >= cap)
            {
                truncated = true;
                break;
            }

            nodes.Add(new NeighbourhoodNode(name, false, [.. topology.DependenciesOf(name).Order(StringComparer.Ordinal)], [.. topology.DependentsOf(name).Order(StringComparer.Ordinal)]));
        }

        // Edges only between the components shown.
        var shown = nodes.Select(n => n.Component).ToHashSet(StringComparer.Ordinal);
        return new Neighbourhood(
            [.. nodes.Select(n => n with { DependsOn = [.. n.DependsOn.Where(shown.Contains)], Dependents = [.. n.Dependents.Where(shown.Contains)] })],
            truncated);
    }
}

/// <summary>One component of an incident's topology neighbourhood: affected (has a signal of the incident) or not, and its direct edges among those shown.</summary>
public sealed record NeighbourhoodNode(string Component, bool Affected, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Dependents);

/// <summary>An incident's topology neighbourhood; <see cref="Truncated"/> when the cap left components out.</summary>
public sealed record Neighbourhood(IReadOnlyList<NeighbourhoodNode> Nodes, bool Truncated);
