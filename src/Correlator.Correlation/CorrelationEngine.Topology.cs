using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    // The incidents (not closed) that hold a signal on each component (resource or service). Almost always one: it is
    // kept inline, and a list is made only for a component that a second incident holds too.
    private readonly Dictionary<string, ComponentIncidents> _byComponent = new(StringComparer.Ordinal);

    /// <summary>Adds the signal's resource (counted for the assessment) and service to the incident's components.</summary>
    private void AddComponents(IncidentTrack track, Signal signal)
    {
        AddComponent(track, signal.Resource, ComponentRoles.Resource);
        AddComponent(track, signal.Service, ComponentRoles.Service);
    }

    private void AddComponent(IncidentTrack track, string? component, ComponentRoles role)
    {
        if (string.IsNullOrEmpty(component) || !track.AddComponent(component, role))
        {
            return;
        }

        ref var ids = ref CollectionsMarshal.GetValueRefOrAddDefault(_byComponent, component, out bool exists);
        if (exists)
        {
            (ids.More ??= []).Add(track.Incident.Id);
        }
        else
        {
            ids.First = track.Incident.Id;
        }
    }

    private void RemoveComponents(IncidentTrack track)
    {
        var id = track.Incident.Id;
        foreach (var component in track.Components.Keys)
        {
            ref var ids = ref CollectionsMarshal.GetValueRefOrNullRef(_byComponent, component);
            if (Unsafe.IsNullRef(ref ids))
            {
                continue;
            }

            if (ids.First != id)
            {
                ids.More?.Remove(id);
            }
            else if (ids.More is { Count: > 0 } more)
            {
                ids.First = more[0];
                more.RemoveAt(0);
            }
            else
            {
                _byComponent.Remove(component);
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

            Consider(ids.First, node, hops);
            if (ids.More is { } more)
            {
                foreach (var id in more)
                {
                    Consider(id, node, hops);
                }
            }

            return true;
        });

        if (best is null)
        {
            return false;
        }

        void Consider(long id, string node, int hops)
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

        var rule = $"topology: {component} is {Hops(distance)} from {via} of incident {best.Incident.Id.ToString(CultureInfo.InvariantCulture)} (within {Hops(_rules.Topology.Hops)}, window {settings.Window}){note}";
        Join(best, signal, rule, previous, changes);
        Stats.CountAttached(Stats.Source(signal.Source));
        Stats.CountTopologyJoined();
        return true;
    }

    /// <summary>The incidents holding one component: the first inline, any others in a list made on demand.</summary>
    private struct ComponentIncidents
    {
        public long First;
        public List<long>? More;
    }
}
