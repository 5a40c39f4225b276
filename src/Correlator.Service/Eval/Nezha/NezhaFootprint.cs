namespace Correlator.Service.Eval.Nezha;

/// <summary>The strongest move of any series attributed to a fault's service in the minutes after injection.</summary>
/// <param name="Fault">The fault.</param>
/// <param name="MaxZ">The largest |robust z| of any such series (0 when none has a baseline).</param>
/// <param name="Series">The series that moved most (pod/metric, caller->callee/kind or front_service/SLI), or "-".</param>
internal sealed record FaultFootprint(NezhaFault Fault, double MaxZ, string Series);

/// <summary>
/// Measures what a fault leaves in the metrics, independently of any detector: for every series attributed to the
/// faulty service (all eight metrics of its pods; every edge into it, caller-side latency, callee-side latency and
/// their gap; for <c>frontend</c> also the front end's success rate and P90 latency), the robust z of each minute in
/// [injection, injection + <c>after</c>] against the median and MAD of the <c>baselineMinutes</c> before injection,
/// two-sided: z = |x − median| / max(1.4826 MAD, 1 % of |median|, 1e-9). The relative floor keeps a flat series (MAD 0)
/// from turning a rounding wiggle into an infinite z. A fault whose largest z stays below K moves no metric that
/// could be attributed to its service: no detector on these data can catch it from metrics alone.
/// </summary>
internal static class NezhaFootprint
{
    /// <summary>Every series of the day that can be attributed to a service, by key: its service and its points in time order.</summary>
    public static Dictionary<string, (string Service, List<(DateTimeOffset At, double Value)> Points)> Series(NezhaDay day)
    {
        var series = new Dictionary<string, (string Service, List<(DateTimeOffset At, double Value)> Points)>(StringComparer.Ordinal);
        void Add(string key, string service, DateTimeOffset at, double value)
        {
            if (!double.IsFinite(value))
            {
                return;
            }

            if (!series.TryGetValue(key, out var s))
            {
                series[key] = s = (service, []);
            }

            s.Points.Add((at, value));
        }

        foreach (var row in day.Rows)
        {
            var service = NezhaDay.ServiceOf(row.Pod);
            for (int m = 0; m < NezhaDay.Metrics.Length; m++)
            {
                Add(row.Pod + "/" + NezhaDay.Metrics[m], service, row.At, row.Values[m]);
            }
        }

        foreach (var edge in day.Edges)
        {
            var name = edge.Caller + "->" + edge.Callee;
            Add(name + "/caller-latency", edge.Callee, edge.At, edge.Source);
            Add(name + "/callee-latency", edge.Callee, edge.At, edge.Destination);
            Add(name + "/gap", edge.Callee, edge.At, edge.Source - edge.Destination);
        }

        foreach (var front in day.Front)
        {
            Add("front_service/SuccessRate", PodSignals.FrontService, front.At, front.SuccessRate);
            Add("front_service/LatencyP90", PodSignals.FrontService, front.At, front.LatencyP90);
        }

        return series;
    }

    public static IReadOnlyList<FaultFootprint> Measure(NezhaDay day, TimeSpan after, int baselineMinutes)
    {
        var series = Series(day);
        var results = new List<FaultFootprint>();
        foreach (var fault in day.Faults)
        {
            double best = 0;
            string bestSeries = "-";
            foreach (var (key, (service, points)) in series)
            {
                if (service != fault.Service)
                {
                    continue;
                }

                var z = MaxZ(points, fault.At, after, baselineMinutes);
                if (z > best)
                {
                    (best, bestSeries) = (z, key);
                }
            }

            results.Add(new FaultFootprint(fault, best, bestSeries));
        }

        return results;
    }

    /// <summary>Median and robust scale (1.4826 MAD, at least 1 % of the median) of the points of the <paramref name="minutes"/> before <paramref name="at"/>; null with fewer than 3.</summary>
    private static (double Median, double Scale)? Baseline(IReadOnlyList<(DateTimeOffset At, double Value)> points, DateTimeOffset at, int minutes)
    {
        var from = at.AddMinutes(-minutes);
        var baseline = points.Where(p => p.At >= from && p.At < at).Select(p => p.Value).Order().ToArray();
        if (baseline.Length < 3)
        {
            return null;
        }

        double median = Median(baseline);
        double mad = Median([.. baseline.Select(v => Math.Abs(v - median)).Order()]);
        return (median, Math.Max(Math.Max(1.4826 * mad, 0.01 * Math.Abs(median)), 1e-9));
    }

    /// <summary>The largest two-sided robust z of the points in [at, at + after] against the points of the <paramref name="baselineMinutes"/> before <paramref name="at"/>; 0 with fewer than 3 baseline points.</summary>
    public static double MaxZ(IReadOnlyList<(DateTimeOffset At, double Value)> points, DateTimeOffset at, TimeSpan after, int baselineMinutes)
    {
        if (Baseline(points, at, baselineMinutes) is not var (median, scale))
        {
            return 0;
        }

        double best = 0;
        foreach (var (t, v) in points)
        {
            if (t >= at && t <= at + after)
            {
                best = Math.Max(best, Math.Abs(v - median) / scale);
            }
        }

        return best;
    }

    /// <summary>The two-sided robust z of one value against the points of the <paramref name="baselineMinutes"/> before <paramref name="at"/> (same scale as <see cref="MaxZ"/>); 0 with fewer than 3 baseline points.</summary>
    public static double Z(IReadOnlyList<(DateTimeOffset At, double Value)> points, DateTimeOffset at, int baselineMinutes, double value)
    {
        return Baseline(points, at, baselineMinutes) is var (median, scale) ? Math.Abs(value - median) / scale : 0;
    }

    private static double Median(double[] sorted)
    {
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
