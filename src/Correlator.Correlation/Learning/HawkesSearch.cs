namespace Correlator.Correlation.Learning;

/// <summary>
/// The structure search of the topological Hawkes learner: each type's intensity is a baseline plus the kernel-weighted
/// onsets of its parent types at each hop; the parameters of one parent set are fitted by EM (the likelihood splits by
/// effect type, so each type is fitted alone), and a greedy search adds, deletes or reverses the edge that most raises
/// the BIC-penalised likelihood while the graph stays acyclic, until no move raises it.
/// </summary>
internal sealed class HawkesSearch
{
    private readonly HawkesFeatures _features;
    private readonly HawkesSettings _settings;
    private readonly double _edgePenaltyPerParameter;
    private readonly bool[][] _parent;            // _parent[v][p]: p -> v
    private readonly double[][] _gain;            // penalised score change of toggling p in v's parents
    private readonly double[] _logLikelihood;     // of each type under its current parents
    private readonly Dictionary<int, double>[] _weights; // current fit: column -> weight

    public HawkesSearch(HawkesFeatures features, HawkesSettings settings)
    {
        _features = features;
        _settings = settings;
        int onsets = features.Counts.Sum();
        _edgePenaltyPerParameter = settings.Penalty * Math.Log(Math.Max(onsets, 2)) / 2;
        int v = features.Types;
        _parent = [.. Enumerable.Range(0, v).Select(_ => new bool[v])];
        _gain = [.. Enumerable.Range(0, v).Select(_ => new double[v])];
        _logLikelihood = new double[v];
        _weights = [.. Enumerable.Range(0, v).Select(_ => new Dictionary<int, double>())];
    }

    public int Moves { get; private set; }

    public double Score { get; private set; }

    /// <summary>Runs the search and returns the edges (cause, effect, likelihood lost without it, summed weights).</summary>
    public List<(int Cause, int Effect, double Gain, double Excitation)> Run()
    {
        int types = _features.Types;
        for (int v = 0; v < types; v++)
        {
            Refresh(v);
        }

        for (int step = 0; step < types * types; step++)
        {
            var reach = Closure();
            var (kind, cause, effect, best) = (0, -1, -1, 1e-9);
            for (int v = 0; v < types; v++)
            {
                for (int p = 0; p < types; p++)
                {
                    if (p == v)
                    {
                        continue;
                    }

                    if (!_parent[v][p] && _gain[v][p] > best && !reach[v][p])
                    {
                        (kind, cause, effect, best) = (1, p, v, _gain[v][p]);
                    }
                    else if (_parent[v][p])
                    {
                        if (_gain[v][p] > best)
                        {
                            (kind, cause, effect, best) = (2, p, v, _gain[v][p]);
                        }

                        // Reverse p -> v: acyclic unless p still reaches v by another path.
                        double reversed = _gain[v][p] + _gain[p][v];
                        if (reversed > best && !ReachesWithout(p, v))
                        {
                            (kind, cause, effect, best) = (3, p, v, reversed);
                        }
                    }
                }
            }

            if (kind == 0)
            {
                break;
            }

            Moves++;
            _parent[effect][cause] = kind == 1;
            Refresh(effect);
            if (kind == 3)
            {
                _parent[cause][effect] = true;
                Refresh(cause);
            }
        }

        Score = 0;
        var edges = new List<(int, int, double, double)>();
        for (int v = 0; v < types; v++)
        {
            Score += _logLikelihood[v];
            for (int p = 0; p < types; p++)
            {
                if (_parent[v][p])
                {
                    Score -= Penalty(p);
                    double excitation = 0;
                    for (int k = 0; k <= _features.Hops; k++)
                    {
                        excitation += _weights[v].GetValueOrDefault(Column(p, k));
                    }

                    edges.Add((p, v, Penalty(p) - _gain[v][p], excitation));
                }
            }
        }

        return edges;
    }

    private int Column(int type, int hop) => (type * (_features.Hops + 1)) + hop;

    private double Penalty(int type) => _edgePenaltyPerParameter * Columns(type).Count();

    private IEnumerable<int> Columns(int type) => Enumerable.Range(0, _features.Hops + 1).Select(k => Column(type, k)).Where(c => _features.Exposure[c] > 0);

    private void Refresh(int v)
    {
        var parents = Enumerable.Range(0, _features.Types).Where(p => _parent[v][p] || (p == v && _settings.SelfExcitation)).ToList();
        var (ll, weights) = Fit(v, parents, _weights[v]);
        _logLikelihood[v] = ll;
        _weights[v].Clear();
        foreach (var (column, weight) in weights)
        {
            _weights[v][column] = weight;
        }

        for (int p = 0; p < _features.Types; p++)
        {
            if (p == v)
            {
                continue;
            }

            var toggled = _parent[v][p] ? parents.Where(x => x != p).ToList() : [.. parents, p];
            var (other, _) = Fit(v, toggled, _weights[v]);
            _gain[v][p] = _parent[v][p] ? other - ll + Penalty(p) : other - ll - Penalty(p);
        }
    }

    /// <summary>EM for one effect type and parent set, started from <paramref name="start"/> where it has a weight.</summary>
    private (double LogLikelihood, Dictionary<int, double> Weights) Fit(int v, List<int> parents, Dictionary<int, double> start)
    {
        int n = _features.Counts[v];
        int stride = _features.Stride;
        var rows = _features.Rows[v];
        var columns = parents.SelectMany(Columns).ToArray();
        var weight = new double[columns.Length];
        var sums = new double[columns.Length];
        // One baseline per type, or one per type and component (a component that raises a type often is not evidence
        // that the other types frequent there cause it).
        bool perPlace = _settings.ComponentBaseline;
        var places = _features.Places[v];
        var mu = new double[perPlace ? _features.PlaceCounts[v] : 1];
        var sumMu = new double[mu.Length];
        var baselineCounts = new double[mu.Length];
        for (int e = 0; e < n; e++)
        {
            baselineCounts[perPlace ? places[e] : 0]++;
        }

        double exposure = perPlace ? _features.Bins : _features.BaselineExposure;
        for (int c = 0; c < mu.Length; c++)
        {
            mu[c] = baselineCounts[c] / exposure / 2;
        }

        for (int j = 0; j < columns.Length; j++)
        {
            weight[j] = start.TryGetValue(columns[j], out var w) && w > 0 ? w : n / (2.0 * columns.Length * _features.Exposure[columns[j]]);
        }

        double previous = double.NegativeInfinity;
        double ll = double.NegativeInfinity;
        for (int iteration = 0; iteration <= _settings.Iterations; iteration++)
        {
            Array.Clear(sums);
            Array.Clear(sumMu);
            ll = 0;
            for (int e = 0; e < n; e++)
            {
                var row = rows.AsSpan(e * stride, stride);
                int place = perPlace ? places[e] : 0;
                double rate = mu[place];
                for (int j = 0; j < columns.Length; j++)
                {
                    rate += weight[j] * row[columns[j]];
                }

                double inverse = 1 / rate;
                sumMu[place] += inverse;
                for (int j = 0; j < columns.Length; j++)
                {
                    sums[j] += row[columns[j]] * inverse;
                }

                ll += Math.Log(rate);
            }

            for (int c = 0; c < mu.Length; c++)
            {
                ll -= mu[c] * exposure;
            }

            for (int j = 0; j < columns.Length; j++)
            {
                ll -= weight[j] * _features.Exposure[columns[j]];
            }

            if (iteration == _settings.Iterations || ll - previous < 1e-6 * Math.Abs(ll))
            {
                break;
            }

            previous = ll;
            for (int c = 0; c < mu.Length; c++)
            {
                mu[c] *= sumMu[c] / exposure;
            }

            for (int j = 0; j < columns.Length; j++)
            {
                weight[j] *= sums[j] / _features.Exposure[columns[j]];
            }
        }

        var result = new Dictionary<int, double>(columns.Length);
        for (int j = 0; j < columns.Length; j++)
        {
            result[columns[j]] = weight[j];
        }

        return (ll, result);
    }

    private bool[][] Closure()
    {
        int types = _features.Types;
        var reach = Enumerable.Range(0, types).Select(a => Enumerable.Range(0, types).Select(b => _parent[b][a]).ToArray()).ToArray();
        for (int k = 0; k < types; k++)
        {
            for (int a = 0; a < types; a++)
            {
                if (!reach[a][k])
                {
                    continue;
                }

                for (int b = 0; b < types; b++)
                {
                    reach[a][b] |= reach[k][b];
                }
            }
        }

        return reach;
    }

    /// <summary>Whether <paramref name="from"/> reaches <paramref name="to"/> by a path other than the direct edge.</summary>
    private bool ReachesWithout(int from, int to)
    {
        var seen = new bool[_features.Types];
        var stack = new Stack<int>();
        for (int c = 0; c < _features.Types; c++)
        {
            if (_parent[c][from] && c != to)
            {
                stack.Push(c);
            }
        }

        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (node == to)
            {
                return true;
            }

            if (seen[node])
            {
                continue;
            }

            seen[node] = true;
            for (int c = 0; c < _features.Types; c++)
            {
                if (_parent[c][node])
                {
                    stack.Push(c);
                }
            }
        }

        return false;
    }
}
