using System.Globalization;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    // The incidents (not closed) that hold a signal on each component (resource or service).
    private readonly Dictionary<string, List<long>> _byComponent = new(StringComparer.Ordinal);

    private void AddComponents(IncidentTrack track, Signal signal)
    {
        AddComponent(track, signal.Resource);
        AddComponent(track, signal.Service);
    }

    private void AddComponent(IncidentTrack track, string? component)
    {
        if (string.IsNullOrEmpty(component) || !track.Components.Add(component))
        {
            return;
        }

        if (!_byComponent.TryGetValue(component, out var ids))
        {
            _byComponent[component] = ids = [];
        }

        ids.Add(track.Incident.Id);
    }

    private void RemoveComponents(IncidentTrack track)
    {
        foreach (var component in track.Components)
        {
            if (_byComponent.TryGetValue(component, out var ids))
            {
                ids.Remove(track.Incident.Id);
                if (ids.Count == 0)
                {
                    _byComponent.Remove(component);
                }
            }
        }
    }

    /// <summary>
    /// Joins the incident nearest in the dependency graph: the signal's component (its resource, else its service)
    /// within <c>topology.hops</c> of a component of an active incident that fires or saw a signal within
    /// <c>topology.window</c>. Nearest wins; among equals, the oldest incident.
    /// </summary>
    private bool TryJoinByTopology(Signal signal, string note, SignalState? previous, ChangeSet changes)
    {
        var component = _topology.Contains(signal.Resource) ? signal.Resource : _topology.Contains(signal.Service) ? signal.Service : null;
        if (component is null)
        {
            return false;
        }

        var at = signal.EventTime;
        var settings = _rules.Topology;
        IncidentTrack? best = null;
        string? via = null;
        int distance = 0;
        _topology.Walk(component, settings.Hops, (node, hops) =>
        {
            // Breadth-first: the first distance with a candidate is the nearest; finish that distance only.
            if (best is not null && hops > distance)
            {
                return false;
            }

            if (!_byComponent.TryGetValue(node, out var ids))
            {
                return true;
            }

            foreach (var id in ids)
            {
                if (_tracks.TryGetValue(id, out var track) && track.Incident.IsActive
                    && (track.Firing > 0 || at <= track.Incident.LastSignalAt + settings.Window)
                    && (track.Rule?.MaxLifetime is not { } cap || at <= track.Incident.OpenedAt + cap)
                    && (best is null || id < best.Incident.Id))
                {
                    best = track;
                    via = node;
                    distance = hops;
                }
            }

            return true;
        });

        if (best is null)
        {
            return false;
        }

        var rule = $"topology: {component} is {Hops(distance)} from {via} of incident {best.Incident.Id.ToString(CultureInfo.InvariantCulture)} (within {Hops(_rules.Topology.Hops)}, window {settings.Window}){note}";
        Join(best, signal, rule, previous, changes);
        Stats.CountAttached(Stats.Source(signal.Source));
        Stats.CountTopologyJoined();
        return true;
    }
}
