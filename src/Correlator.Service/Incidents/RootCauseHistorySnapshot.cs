using System.Globalization;
using Correlator.Correlation.RootCause;
using Correlator.Correlation.Topology;
using Correlator.Storage;

namespace Correlator.Service.Incidents;

/// <summary>
/// The root-cause history as of one read of the store: of the resolved incidents whose root cause an incident manager
/// confirmed, and in which a component was affected together with at least one other, the share where it was the
/// confirmed root cause. Only people's confirmations count — never the engine's own ranking, which would otherwise
/// reinforce its first guesses. A past incident's components are its signals' components under the current topology
/// (as <see cref="RootCauseEvidence.ComponentOf(string?, string?, TopologyGraph)"/>), plus the confirmed component.
/// </summary>
public sealed class RootCauseHistorySnapshot : IRootCauseHistory
{
    private readonly Dictionary<string, (int Led, int Shared)> _counts;
    private readonly Dictionary<long, Counted> _incidents;
    private readonly string _scope;

    private RootCauseHistorySnapshot(Dictionary<string, (int Led, int Shared)> counts, Dictionary<long, Counted> incidents, string scope)
    {
        _counts = counts;
        _incidents = incidents;
        _scope = scope;
    }

    /// <summary>One counted past incident: its confirmed root cause and its components.</summary>
    private sealed record Counted(string RootCause, IReadOnlyList<string> Components);

    /// <summary>How many confirmed incidents (with two or more components) the history counts, the excluded ones left out.</summary>
    public int Incidents => _incidents.Count;

    /// <summary>The history of <paramref name="rows"/>; <paramref name="window"/> is named in the reasons.</summary>
    public static RootCauseHistorySnapshot Build(IReadOnlyList<ConfirmedRootCauseRow> rows, TopologyGraph topology, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(topology);
        var counts = new Dictionary<string, (int Led, int Shared)>(StringComparer.Ordinal);
        var incidents = new Dictionary<long, Counted>();
        foreach (var row in rows)
        {
            var components = new SortedSet<string>(StringComparer.Ordinal) { row.Component };
            foreach (var place in row.Signals)
            {
                if (RootCauseEvidence.ComponentOf(place.Resource, place.Service, topology) is { Length: > 0 } component)
                {
                    components.Add(component);
                }
            }

            // Alone, a component is trivially its incident's root cause: that says nothing about leading others.
            if (components.Count < 2 || !incidents.TryAdd(row.IncidentId, new Counted(row.Component, [.. components])))
            {
                continue;
            }

            foreach (var component in components)
            {
                var (led, shared) = counts.GetValueOrDefault(component);
                counts[component] = (led + (component == row.Component ? 1 : 0), shared + 1);
            }
        }

        var scope = string.Create(CultureInfo.InvariantCulture, $"confirmed by incident managers, resolved in the last {window.TotalDays:0.#} days");
        return new RootCauseHistorySnapshot(counts, incidents, scope);
    }

    /// <summary>The same history without <paramref name="incidentId"/>: an incident's own confirmation is not its history.</summary>
    public RootCauseHistorySnapshot Excluding(long incidentId) => Without(id => id == incidentId);

    private RootCauseHistorySnapshot Without(Func<long, bool> excluded)
    {
        var left = _incidents.Where(p => excluded(p.Key)).ToList();
        if (left.Count == 0)
        {
            return this;
        }

        var counts = new Dictionary<string, (int Led, int Shared)>(_counts, StringComparer.Ordinal);
        var kept = new Dictionary<long, Counted>(_incidents);
        foreach (var (id, counted) in left)
        {
            kept.Remove(id);
            foreach (var component in counted.Components)
            {
                var (led, shared) = counts[component];
                counts[component] = (led - (component == counted.RootCause ? 1 : 0), shared - 1);
            }
        }

        return new RootCauseHistorySnapshot(counts, kept, _scope);
    }

    public double LeadRate(string component)
    {
        var (led, shared) = _counts.GetValueOrDefault(component);
        return shared == 0 ? 0 : led / (double)shared;
    }

    public string Explain(string component)
    {
        var (led, shared) = _counts.GetValueOrDefault(component);
        return shared == 0
            ? string.Create(CultureInfo.InvariantCulture, $"in none of the {Incidents} past incident(s) with a confirmed root cause ({_scope})")
            : string.Create(CultureInfo.InvariantCulture, $"confirmed root cause of {led} of {shared} past incident(s) it was in with other components ({_scope})");
    }
}
