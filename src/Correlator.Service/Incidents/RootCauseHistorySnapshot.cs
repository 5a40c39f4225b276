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
    private readonly Dictionary<long, (string RootCause, IReadOnlyList<string> Components)> _incidents;
    private readonly string _scope;
    private readonly long? _excluded;

    private RootCauseHistorySnapshot(
        Dictionary<string, (int Led, int Shared)> counts, Dictionary<long, (string RootCause, IReadOnlyList<string> Components)> incidents, string scope, long? excluded)
    {
        _counts = counts;
        _incidents = incidents;
        _scope = scope;
        _excluded = excluded;
    }

    /// <summary>How many confirmed incidents (with two or more components) the history counts, the excluded one left out.</summary>
    public int Incidents => _incidents.Count - (_excluded is { } id && _incidents.ContainsKey(id) ? 1 : 0);

    /// <summary>The history of <paramref name="rows"/>; <paramref name="window"/> is named in the reasons.</summary>
    public static RootCauseHistorySnapshot Build(IReadOnlyList<ConfirmedRootCauseRow> rows, TopologyGraph topology, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(topology);
        var counts = new Dictionary<string, (int Led, int Shared)>(StringComparer.Ordinal);
        var incidents = new Dictionary<long, (string RootCause, IReadOnlyList<string> Components)>();
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
            if (components.Count < 2 || !incidents.TryAdd(row.IncidentId, (row.Component, [.. components])))
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
        return new RootCauseHistorySnapshot(counts, incidents, scope, null);
    }

    /// <summary>The same history without <paramref name="incidentId"/>: an incident's own confirmation is not its history.</summary>
    public RootCauseHistorySnapshot Excluding(long incidentId) => new(_counts, _incidents, _scope, incidentId);

    public double LeadRate(string component)
    {
        var (led, shared) = Counts(component);
        return shared == 0 ? 0 : led / (double)shared;
    }

    public string Explain(string component)
    {
        var (led, shared) = Counts(component);
        return shared == 0
            ? string.Create(CultureInfo.InvariantCulture, $"in none of the {Incidents} past incident(s) with a confirmed root cause ({_scope})")
            : string.Create(CultureInfo.InvariantCulture, $"confirmed root cause of {led} of {shared} past incident(s) it was in with other components ({_scope})");
    }

    private (int Led, int Shared) Counts(string component)
    {
        var (led, shared) = _counts.GetValueOrDefault(component);
        if (_excluded is { } id && _incidents.TryGetValue(id, out var own) && own.Components.Contains(component, StringComparer.Ordinal))
        {
            shared--;
            led -= own.RootCause == component ? 1 : 0;
        }

        return (led, shared);
    }
}
