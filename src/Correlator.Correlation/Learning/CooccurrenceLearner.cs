using System.Globalization;
using Correlator.Correlation.Topology;

namespace Correlator.Correlation.Learning;

/// <summary>
/// Co-occurrence statistics between signal types: for every onset of type B, which other types had an onset within
/// the window before it on the same component or a neighbour (within <c>hops</c> in the topology). A relation A → B
/// is proposed when it is frequent (support), when a large share of B's onsets follow an A (confidence), and when
/// A precedes B clearly more often than B precedes A. Event time only; onsets must come in time order.
/// </summary>
public sealed class CooccurrenceLearner(TimeSpan window, TopologyGraph topology, int hops = 1)
{
    private readonly Lock _lock = new();
    private readonly Queue<(DateTimeOffset At, string Type, string Component)> _recent = new();

    // The latest onset of each type on each component still within the window: what the scan of _recent would
    // find near a component, found by looking at the near components only (O(types near) instead of O(recent)).
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _onsets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Cause, string Effect), long> _pairs = [];
    private readonly HashSet<string> _near = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    // The walk's visitor, made once: a lambda over _near here allocated a delegate per onset.
    private Func<string, int, bool>? _addNear;

    public long Observed { get; private set; }

    /// <summary>The graph that says which components are neighbours (swapped on a topology reload).</summary>
    public TopologyGraph Topology { get; set; } = topology;

    /// <summary>Records the onset of a signal of <paramref name="type"/> on <paramref name="component"/>.</summary>
    public void Observe(string type, string component, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(component);
        lock (_lock)
        {
            ObserveLocked(type, component, at);
        }
    }

    private void ObserveLocked(string type, string component, DateTimeOffset at)
    {
        var oldest = at - window;
        while (_recent.Count > 0 && _recent.Peek().At < oldest)
        {
            var (when, expired, where) = _recent.Dequeue();
            if (_latest.TryGetValue(where, out var types) && types.TryGetValue(expired, out var latest) && latest == when)
            {
                types.Remove(expired);
                if (types.Count == 0)
                {
                    _latest.Remove(where);
                }
            }
        }

        _near.Clear();
        _near.Add(component);
        if (hops > 0)
        {
            Topology.Walk(component, hops, _addNear ??= AddNear);
        }

        _seen.Clear();
        foreach (var node in _near)
        {
            if (!_latest.TryGetValue(node, out var types))
            {
                continue;
            }

            foreach (var (earlier, latest) in types)
            {
                if (latest >= oldest && earlier != type && _seen.Add(earlier))
                {
                    _pairs[(earlier, type)] = _pairs.GetValueOrDefault((earlier, type)) + 1;
                }
            }
        }

        _onsets[type] = _onsets.GetValueOrDefault(type) + 1;
        _recent.Enqueue((at, type, component));
        if (!_latest.TryGetValue(component, out var here))
        {
            here = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            _latest[component] = here;
        }

        here[type] = here.TryGetValue(type, out var before) && before > at ? before : at;
        Observed++;
    }

    private bool AddNear(string node, int distance)
    {
        _near.Add(node);
        return true;
    }

    /// <summary>How many of <paramref name="effect"/>'s onsets had a <paramref name="cause"/> onset within the window before them nearby.</summary>
    public long Support(string cause, string effect)
    {
        lock (_lock)
        {
            return _pairs.GetValueOrDefault((cause, effect));
        }
    }

    /// <summary>The relations that pass the thresholds, strongest first; each with the inhibition rule it would become.</summary>
    public IReadOnlyList<RuleProposal> Proposals(long minSupport, double minConfidence, double minAsymmetry)
    {
        lock (_lock)
        {
            return ProposalsLocked(minSupport, minConfidence, minAsymmetry);
        }
    }

    private List<RuleProposal> ProposalsLocked(long minSupport, double minConfidence, double minAsymmetry)
    {
        var proposals = new List<RuleProposal>();
        foreach (var ((cause, effect), support) in _pairs)
        {
            var confidence = support / (double)_onsets[effect];
            var reverse = _pairs.GetValueOrDefault((effect, cause)) / (double)_onsets[cause];
            if (support < minSupport || confidence < minConfidence || confidence < minAsymmetry * reverse)
            {
                continue;
            }

            var id = Slug(cause) + "--" + Slug(effect);
            var yaml = string.Create(CultureInfo.InvariantCulture,
                $"inhibition:\n  - name: learnt-{id}\n    sources: [{{match: {{name: \"{Escape(cause)}\"}}}}]\n    target: {{match: {{name: \"{Escape(effect)}\"}}}}\n    equal: [resource]\n");
            proposals.Add(new RuleProposal(id, cause, effect, support, Math.Round(confidence, 4), Math.Round(reverse, 4), yaml));
        }

        return [.. proposals.OrderByDescending(p => p.Confidence).ThenByDescending(p => p.Support).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }

    private static string Slug(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
