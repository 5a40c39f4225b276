namespace Correlator.Correlation.Learning;

/// <summary>
/// What the topological Hawkes likelihood needs from the onsets, computed in one pass in time order: for each onset,
/// the decayed count of earlier onsets of every type at every hop distance (its excitation features), and for each
/// type and hop the total exposure those onsets spread over the rest of the time span (the compensator's terms).
/// </summary>
internal sealed class HawkesFeatures
{
    private HawkesFeatures(int types, int hops, float[][] rows, int[] counts, double[] exposure, double baselineExposure, int[][] places, int[] placeCounts, long bins)
    {
        Places = places;
        PlaceCounts = placeCounts;
        Bins = bins;
        Types = types;
        Hops = hops;
        Rows = rows;
        Counts = counts;
        Exposure = exposure;
        BaselineExposure = baselineExposure;
    }

    public int Types { get; }

    /// <summary>Per effect type, for each of its onsets, the index of its component among the components that type occurs on.</summary>
    public int[][] Places { get; }

    /// <summary>Per effect type, how many components it occurs on.</summary>
    public int[] PlaceCounts { get; }

    /// <summary>Bins from the first onset to the last.</summary>
    public long Bins { get; }

    public int Hops { get; }

    /// <summary>Columns per onset: type × (hops + 1) + hop.</summary>
    public int Stride => Types * (Hops + 1);

    /// <summary>Per effect type, its onsets' features one after another (Counts[v] rows of Stride floats).</summary>
    public float[][] Rows { get; }

    public int[] Counts { get; }

    /// <summary>Per column, the integral of the kernel over all components at that hop and the rest of the span.</summary>
    public double[] Exposure { get; }

    /// <summary>Components × bins: the integral of a constant baseline rate of one.</summary>
    public double BaselineExposure { get; }

    /// <summary>
    /// Onsets as (type, component, bin), sorted by bin. <paramref name="near"/>[c] lists the components within the
    /// hops of c with their distance (c itself at 0); <paramref name="atHop"/>[c][k] counts all topology nodes at
    /// distance k of c, including those that never had an onset.
    /// </summary>
    public static HawkesFeatures Build(
        IReadOnlyList<(int Type, int Component, long Bin)> onsets,
        int types,
        int components,
        int allComponents,
        (int Component, int Distance)[][] near,
        int[][] atHop,
        HawkesSettings settings)
    {
        int hops = settings.Hops;
        int stride = types * (hops + 1);
        double ratio = Math.Exp(-settings.Resolution.TotalSeconds / settings.Decay.TotalSeconds);
        var counts = new int[types];
        foreach (var onset in onsets)
        {
            counts[onset.Type]++;
        }

        var rows = counts.Select(n => new float[n * stride]).ToArray();
        var places = counts.Select(n => new int[n]).ToArray();
        var placeOf = Enumerable.Range(0, types).Select(_ => new Dictionary<int, int>()).ToArray();
        var filled = new int[types];
        var level = new double[components * types];
        var last = new long[components * types];
        long first = onsets.Count > 0 ? onsets[0].Bin : 0;
        long end = onsets.Count > 0 ? onsets[^1].Bin : 0;
        var distance = near.Select(list => list.ToDictionary(x => x.Component, x => x.Distance)).ToArray();
        var exposure = new double[stride];
        int start = 0;
        while (start < onsets.Count)
        {
            int stop = start;
            while (stop < onsets.Count && onsets[stop].Bin == onsets[start].Bin)
            {
                stop++;
            }

            long bin = onsets[start].Bin;
            for (int i = start; i < stop; i++)
            {
                var (type, component, _) = onsets[i];
                if (!placeOf[type].TryGetValue(component, out var place))
                {
                    place = placeOf[type].Count;
                    placeOf[type][component] = place;
                }

                places[type][filled[type]] = place;
                var row = rows[type].AsSpan(filled[type]++ * stride, stride);
                foreach (var (other, k) in near[component])
                {
                    for (int p = 0; p < types; p++)
                    {
                        double value = level[(other * types) + p];
                        if (value > 0)
                        {
                            row[(p * (hops + 1)) + k] += (float)(value * Math.Pow(ratio, bin - last[(other * types) + p]));
                        }
                    }
                }

                if (settings.Simultaneous)
                {
                    for (int j = start; j < stop; j++)
                    {
                        if (j != i && distance[component].TryGetValue(onsets[j].Component, out var k))
                        {
                            row[(onsets[j].Type * (hops + 1)) + k] += 1f;
                        }
                    }
                }
            }

            for (int i = start; i < stop; i++)
            {
                var (type, component, _) = onsets[i];
                int cell = (component * types) + type;
                level[cell] = (level[cell] * Math.Pow(ratio, bin - last[cell])) + 1;
                last[cell] = bin;

                // Bins this onset excites until the end: from its own bin (simultaneous) or the next one.
                double reach = (Math.Pow(ratio, settings.Simultaneous ? 0 : 1) - Math.Pow(ratio, end - bin + 1)) / (1 - ratio);
                for (int k = 0; k <= hops; k++)
                {
                    exposure[(type * (hops + 1)) + k] += atHop[component][k] * reach;
                }
            }

            start = stop;
        }

        long bins = end - first + 1;
        return new HawkesFeatures(types, hops, rows, counts, exposure, allComponents * (double)bins, places, [.. placeOf.Select(p => p.Count)], bins);
    }
}
