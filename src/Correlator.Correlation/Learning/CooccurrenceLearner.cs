using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    // Most components (a pod, a host) see one type at a time: it is kept inline, a dictionary only for the others.
    private readonly Dictionary<string, LatestOnsets> _latest = new(StringComparer.Ordinal);
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
            ref var onsets = ref CollectionsMarshal.GetValueRefOrNullRef(_latest, where);
            if (!Unsafe.IsNullRef(ref onsets) && onsets.RemoveIfAt(expired, when) && onsets.IsEmpty)
            {
                _latest.Remove(where);
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
            if (!_latest.TryGetValue(node, out var onsets))
            {
                continue;
            }

            if (onsets.Type is { } first)
            {
                Pair(first, onsets.At, type, oldest);
            }

            if (onsets.More is { } more)
            {
                foreach (var (earlier, latest) in more)
                {
                    Pair(earlier, latest, type, oldest);
                }
            }
        }

        _onsets[type] = _onsets.GetValueOrDefault(type) + 1;
        _recent.Enqueue((at, type, component));
        ref var here = ref CollectionsMarshal.GetValueRefOrAddDefault(_latest, component, out _);
        here.Set(type, at);
        Observed++;
    }

    /// <summary>Counts <paramref name="earlier"/> → <paramref name="type"/> once per onset, when the earlier onset is within the window.</summary>
    private void Pair(string earlier, DateTimeOffset latest, string type, DateTimeOffset oldest)
    {
        if (latest >= oldest && earlier != type && _seen.Add(earlier))
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairs, (earlier, type), out _);
            count++;
        }
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

    /// <summary>The latest onset of each type on one component: the first type inline, any others in a dictionary made on demand.</summary>
    private struct LatestOnsets
    {
        public string? Type;
        public DateTimeOffset At;
        public Dictionary<string, DateTimeOffset>? More;

        public readonly bool IsEmpty => Type is null;

        /// <summary>Keeps the later of the known onset of <paramref name="type"/> and <paramref name="at"/>.</summary>
        public void Set(string type, DateTimeOffset at)
        {
            if (Type is null)
            {
                (Type, At) = (type, at);
            }
            else if (string.Equals(Type, type, StringComparison.Ordinal))
            {
                At = At > at ? At : at;
            }
            else
            {
                ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(More ??= new(StringComparer.Ordinal), type, out bool exists);
                known = exists && known > at ? known : at;
            }
        }

        /// <summary>Forgets <paramref name="type"/> when its latest onset is the expired one at <paramref name="when"/>; whether it did.</summary>
        public bool RemoveIfAt(string type, DateTimeOffset when)
        {
            if (Type is not null && string.Equals(Type, type, StringComparison.Ordinal))
            {
                if (At != when)
                {
                    return false;
                }

                (Type, At) = (null, default);
                if (More is { Count: > 0 } more)
                {
                    // Promote any other type inline (their order never mattered: each is counted once per onset).
                    foreach (var (other, at) in more)
                    {
                        (Type, At) = (other, at);
                        more.Remove(other);
                        break;
                    }
                }

                return true;
            }

            return More is { } rest && rest.TryGetValue(type, out var latest) && latest == when && rest.Remove(type);
        }
    }
}
