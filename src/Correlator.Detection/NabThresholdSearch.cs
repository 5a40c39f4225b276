namespace Correlator.Detection;

/// <summary>
/// Finds the threshold that maximises the corpus's raw NAB score, as NAB's sweeper does: every
/// distinct anomaly score is a candidate, visited from the highest down while the score is
/// updated incrementally, so the search costs one sort of the scorable rows.
/// </summary>
internal static class NabThresholdSearch
{
    public static NabThreshold FindBest(IReadOnlyList<NabFileSweep> sweeps, IReadOnlyList<double[]> scores, NabProfile profile)
    {
        var (keys, windows, values, windowTotal) = Flatten(sweeps, scores, profile);
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);

        var part = new double[windowTotal];
        Array.Fill(part, -profile.FalseNegativeWeight);
        var total = -profile.FalseNegativeWeight * CountScorable(windows, windowTotal);
        var best = new NabThreshold(double.PositiveInfinity, total);
        var k = 0;
        while (k < keys.Length)
        {
            var key = keys[k];
            for (; k < keys.Length && keys[k] == key; k++)
            {
                var row = order[k];
                var window = windows[row];
                if (window < 0)
                {
                    total += values[row];
                }
                else if (values[row] > part[window])
                {
                    total += values[row] - part[window];
                    part[window] = values[row];
                }
            }

            // Strictly greater: among equal scores NAB keeps the highest threshold.
            if (total > best.RawScore)
            {
                best = new NabThreshold(-key, total);
            }
        }

        return best;
    }

    // Keys are negated scores so that an ascending sort visits the highest score first.
    private static (double[] Keys, int[] Windows, double[] Values, int WindowTotal) Flatten(
        IReadOnlyList<NabFileSweep> sweeps, IReadOnlyList<double[]> scores, NabProfile profile)
    {
        var count = 0;
        foreach (var sweep in sweeps)
        {
            count += Math.Max(sweep.WindowOf.Length - sweep.ProbationLength, 0);
        }

        var keys = new double[count];
        var windows = new int[count];
        var values = new double[count];
        var n = 0;
        var windowOffset = 0;
        for (var f = 0; f < sweeps.Count; f++)
        {
            var sweep = sweeps[f];
            for (var i = sweep.ProbationLength; i < sweep.WindowOf.Length; i++)
            {
                var w = sweep.WindowOf[i];
                keys[n] = -scores[f][i];
                windows[n] = w < 0 ? -1 : windowOffset + w;
                values[n] = sweep.Weighted(i, profile);
                n++;
            }

            windowOffset += sweep.WindowCount;
        }

        return (keys, windows, values, windowOffset);
    }

    private static int CountScorable(int[] windows, int windowTotal)
    {
        var seen = new bool[windowTotal];
        var count = 0;
        foreach (var w in windows)
        {
            if (w >= 0 && !seen[w])
            {
                seen[w] = true;
                count++;
            }
        }

        return count;
    }
}
