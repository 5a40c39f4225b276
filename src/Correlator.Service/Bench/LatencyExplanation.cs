namespace Correlator.Service.Bench;

/// <summary>
/// Ties the slow alerts of a latency run to what happened while they waited: for each candidate cause (a list of
/// time spans, such as GC pauses or slow commits), how many alerts overlapped one of its spans, how many of the
/// slowest overlapped one, and the percentile of the alerts that overlapped none. A cause that makes the tail shows
/// as a tail that shrinks without it; a cause that overlaps the slow alerts only as often as all alerts does not.
/// </summary>
internal static class LatencyExplanation
{
    /// <summary>One candidate cause: a short key (for JSON), a label, and its spans (timestamps, start and end).</summary>
    public sealed record Cause(string Key, string Label, IReadOnlyList<(long Start, long End)> Spans);

    /// <summary>
    /// One row of the explanation: the cause's spans (count, longest, total, in ms), alerts overlapping one, of them among the
    /// slowest, and the given percentile of the alerts overlapping none (NaN when every alert overlapped).
    /// </summary>
    public sealed record Row(Cause Cause, int Spans, double LongestMs, double TotalMs, int Overlapping, int SlowOverlapping, double PercentileOthersMs);

    /// <summary>
    /// Explains the alert windows (start, end; timestamps of frequency <paramref name="frequency"/>) by
    /// <paramref name="causes"/>. The slowest are those at or above the <paramref name="quantile"/> latency
    /// (0.99: the slowest 1 %), and the percentile of the others is taken at the same quantile.
    /// </summary>
    public static (int Slow, double ThresholdMs, List<Row> Rows) Explain(IReadOnlyList<(long Start, long End)> windows, IReadOnlyList<Cause> causes, double quantile, long frequency)
    {
        double Ms(long ticks) => ticks * 1000.0 / frequency;
        var latencies = windows.Select(w => Ms(w.End - w.Start)).Order().ToArray();
        double threshold = LatencyProbe.Percentile(latencies, quantile);
        int slow = latencies.Count(l => l >= threshold);
        var rows = new List<Row>(causes.Count);
        foreach (var cause in causes)
        {
            var spans = cause.Spans.OrderBy(s => s.Start).ToArray();
            var ends = MaxEnds(spans);
            int overlapping = 0, slowOverlapping = 0;
            var others = new List<double>(windows.Count);
            foreach (var (start, end) in windows)
            {
                double latency = Ms(end - start);
                if (Overlaps(spans, ends, start, end))
                {
                    overlapping++;
                    slowOverlapping += latency >= threshold ? 1 : 0;
                }
                else
                {
                    others.Add(latency);
                }
            }

            others.Sort();
            rows.Add(new Row(cause, spans.Length, spans.Length == 0 ? 0 : spans.Max(s => Ms(s.End - s.Start)), spans.Sum(s => Ms(s.End - s.Start)), overlapping, slowOverlapping, LatencyProbe.Percentile([.. others], quantile)));
        }

        return (slow, threshold, rows);
    }

    /// <summary>Whether any span (sorted by start, with the running maximum of their ends) overlaps [start, end].</summary>
    public static bool Overlaps((long Start, long End)[] spans, long[] maxEnds, long start, long end)
    {
        // The spans that start before the window ends; one of them overlaps if the furthest end among them reaches the window.
        int lo = 0, hi = spans.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (spans[mid].Start < end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo > 0 && maxEnds[lo - 1] > start;
    }

    /// <summary>The running maximum of the spans' ends, in their order.</summary>
    public static long[] MaxEnds((long Start, long End)[] spans)
    {
        var ends = new long[spans.Length];
        long max = long.MinValue;
        for (int i = 0; i < spans.Length; i++)
        {
            max = Math.Max(max, spans[i].End);
            ends[i] = max;
        }

        return ends;
    }
}
