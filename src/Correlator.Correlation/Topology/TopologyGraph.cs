namespace Correlator.Correlation.Topology;

/// <summary>
/// The service / configuration-item dependency graph: an edge <c>from → to</c> means <c>from</c> depends on
/// (calls, runs on) <c>to</c>, so a fault in <c>to</c> can show up in <c>from</c>. Immutable; a reload builds a
/// new graph. Hop distances ignore direction (a symptom can sit on either side of its cause).
/// </summary>
public sealed class TopologyGraph
{
    private readonly Dictionary<string, int> _index;
    private readonly string[] _names;
    private readonly int[][] _dependsOn;
    private readonly int[][] _dependents;
    private readonly int[][] _neighbours;

    public TopologyGraph(IEnumerable<(string From, string To)> edges, IEnumerable<string>? nodes = null, string origin = "topology")
    {
        ArgumentNullException.ThrowIfNull(edges);
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        int Id(string name)
        {
            if (!_index.TryGetValue(name, out var id))
            {
                id = names.Count;
                _index[name] = id;
                names.Add(name);
            }

            return id;
        }

        foreach (var node in nodes ?? [])
        {
            Id(node);
        }

        var pairs = new HashSet<(int, int)>();
        foreach (var (from, to) in edges)
        {
            int a = Id(from), b = Id(to);
            if (a != b)
            {
                pairs.Add((a, b));
            }
        }

        _names = [.. names];
        var ordered = pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2).ToArray();
        _dependsOn = Lists(_names.Length, ordered, p => (p.Item1, p.Item2));
        _dependents = Lists(_names.Length, ordered, p => (p.Item2, p.Item1));
        _neighbours = new int[_names.Length][];
        for (int i = 0; i < _names.Length; i++)
        {
            _neighbours[i] = [.. _dependsOn[i].Concat(_dependents[i]).Distinct().Order()];
        }

        EdgeCount = ordered.Length;
        Origin = origin;
    }

    public static TopologyGraph Empty { get; } = new([]);

    public int NodeCount => _names.Length;

    public int EdgeCount { get; }

    /// <summary>Where the graph came from (file names).</summary>
    public string Origin { get; }

    public bool Contains(string? name) => name is not null && _index.ContainsKey(name);

    public IEnumerable<string> Nodes => _names;

    public IEnumerable<string> DependenciesOf(string name) => _index.TryGetValue(name, out var i) ? _dependsOn[i].Select(j => _names[j]) : [];

    /// <summary>The components that depend directly on <paramref name="name"/>.</summary>
    public IEnumerable<string> DependentsOf(string name) => _index.TryGetValue(name, out var i) ? _dependents[i].Select(j => _names[j]) : [];

    /// <summary>
    /// Breadth-first from <paramref name="start"/> up to <paramref name="hops"/> edges (either direction),
    /// calling <paramref name="visit"/> with each node and its distance (the start at 0) in order of distance.
    /// Stops early when <paramref name="visit"/> returns false.
    /// </summary>
    public void Walk(string start, int hops, Func<string, int, bool> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (!_index.TryGetValue(start, out var origin))
        {
            return;
        }

        var seen = new HashSet<int> { origin };
        var frontier = new List<int> { origin };
        if (!visit(start, 0))
        {
            return;
        }

        for (int depth = 1; depth <= hops && frontier.Count > 0; depth++)
        {
            var next = new List<int>();
            foreach (var node in frontier)
            {
                foreach (var neighbour in _neighbours[node])
                {
                    if (seen.Add(neighbour))
                    {
                        if (!visit(_names[neighbour], depth))
                        {
                            return;
                        }

                        next.Add(neighbour);
                    }
                }
            }

            frontier = next;
        }
    }

    /// <summary>Whether <paramref name="from"/> depends on <paramref name="to"/> through one or more edges.</summary>
    public bool DependsOn(string from, string to)
    {
        if (!_index.TryGetValue(from, out var a) || !_index.TryGetValue(to, out var b) || a == b)
        {
            return false;
        }

        var seen = new HashSet<int> { a };
        var stack = new Stack<int>();
        stack.Push(a);
        while (stack.Count > 0)
        {
            foreach (var next in _dependsOn[stack.Pop()])
            {
                if (next == b)
                {
                    return true;
                }

                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return false;
    }

    private static int[][] Lists(int count, (int, int)[] pairs, Func<(int, int), (int Key, int Value)> select)
    {
        var lists = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            lists[i] = [];
        }

        foreach (var pair in pairs)
        {
            var (key, value) = select(pair);
            lists[key].Add(value);
        }

        return Array.ConvertAll(lists, l => l.ToArray());
    }
}
