using Correlator.Correlation.Topology;

namespace Correlator.Correlation.Learning;

/// <summary>
/// Learns which signal types cause which from their onsets, after the topological Hawkes process (Cai et al., 2022):
/// time in bins, each type's onset rate on a component is a baseline plus exponentially decaying excitation from
/// earlier onsets of its parent types on the same component and on components up to <see cref="HawkesSettings.Hops"/>
/// links away (one weight per hop), fitted by EM; the parent sets come from a greedy BIC-penalised search over
/// acyclic type graphs. Unlike co-occurrence counting, an effect's onsets already explained by a direct cause do not
/// also count for that cause's own cause, and the direction follows which type's onsets raise the other's rate.
/// Keeps the newest <see cref="HawkesSettings.MaxEvents"/> onsets; <see cref="Learn"/> is a batch fit over them.
/// </summary>
public sealed class TopologicalHawkesLearner
{
    private readonly Lock _lock = new();
    private readonly Queue<(string Type, string Component, DateTimeOffset At)> _onsets = new();
    private readonly HawkesSettings _settings;

    public TopologicalHawkesLearner(HawkesSettings settings, TopologyGraph topology)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        Topology = topology ?? throw new ArgumentNullException(nameof(topology));
    }

    /// <summary>The graph that says how far apart components are (swapped on a topology reload).</summary>
    public TopologyGraph Topology { get; set; }

    /// <summary>Onsets kept for the next <see cref="Learn"/>.</summary>
    public int Buffered
    {
        get
        {
            lock (_lock)
            {
                return _onsets.Count;
            }
        }
    }

    /// <summary>
    /// The BIC-penalised log-likelihood of the model the last <see cref="Learn"/> chose (NaN before one): it compares
    /// settings such as the kernel's time constant on the same onsets without needing a known causal graph.
    /// </summary>
    public double LastScore { get; private set; } = double.NaN;

    /// <summary>Records the onset of a signal of <paramref name="type"/> on <paramref name="component"/>; the oldest is dropped beyond MaxEvents.</summary>
    public void Observe(string type, string component, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(component);
        lock (_lock)
        {
            _onsets.Enqueue((type, component, at));
            if (_onsets.Count > _settings.MaxEvents)
            {
                _onsets.Dequeue();
            }
        }
    }

    /// <summary>Fits the model to the kept onsets and returns the learnt edges, strongest evidence first.</summary>
    public IReadOnlyList<HawkesRelation> Learn()
    {
        List<(string Type, string Component, DateTimeOffset At)> snapshot;
        lock (_lock)
        {
            snapshot = [.. _onsets];
        }

        var types = snapshot.GroupBy(o => o.Type, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(_settings.MaxTypes).Select(g => g.Key).Order(StringComparer.Ordinal).ToArray();
        if (types.Length < 2)
        {
            return [];
        }

        var typeIndex = types.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var kept = snapshot.Where(o => typeIndex.ContainsKey(o.Type)).ToList();
        var components = kept.Select(o => o.Component).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var componentIndex = components.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var graph = Topology;
        int allComponents = components.Length + graph.Nodes.Count(n => !componentIndex.ContainsKey(n));
        var near = new (int Component, int Distance)[components.Length][];
        var atHop = new int[components.Length][];
        for (int c = 0; c < components.Length; c++)
        {
            var list = new List<(int, int)> { (c, 0) };
            var counts = new int[_settings.Hops + 1];
            counts[0] = 1;
            graph.Walk(components[c], _settings.Hops, (node, distance) =>
            {
                if (distance > 0)
                {
                    counts[distance]++;
                    if (componentIndex.TryGetValue(node, out var index))
                    {
                        list.Add((index, distance));
                    }
                }

                return true;
            });
            near[c] = [.. list];
            atHop[c] = counts;
        }

        long origin = kept.Min(o => o.At).UtcTicks;
        long width = _settings.Resolution.Ticks;
        var onsets = kept.Select(o => (Type: typeIndex[o.Type], Component: componentIndex[o.Component], Bin: (o.At.UtcTicks - origin) / width))
            .OrderBy(o => o.Bin).ToList();
        var features = HawkesFeatures.Build(onsets, types.Length, components.Length, allComponents, near, atHop, _settings);
        var search = new HawkesSearch(features, _settings);
        var edges = search.Run();
        LastScore = search.Score;
        return [.. edges.Select(e => new HawkesRelation(types[e.Cause], types[e.Effect], Math.Round(e.Gain, 3), e.Excitation))
            .OrderByDescending(r => r.LogLikelihoodGain).ThenBy(r => r.Cause, StringComparer.Ordinal).ThenBy(r => r.Effect, StringComparer.Ordinal)];
    }
}
