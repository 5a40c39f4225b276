using System.Diagnostics;
using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>
/// Prints what <see cref="LatencyTrace"/> saw during the latency part of <c>bench ingest</c>: the GC, the stalls, the
/// thread pool, the JIT, the commits and the sender's pacing, then the table that ties the slowest 1 % of alerts to
/// them; adds the figures to the run's JSON line (keys <c>latency_*</c>, new ones only).
/// </summary>
internal static class LatencyReport
{
    public static async Task WriteAsync(LatencyTraceReport trace, LatencyProbe.Result result, IReadOnlyList<(long Start, long End)> lockHolds, TextWriter output, Dictionary<string, object> figures)
    {
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double P(double[] sorted, double p) => Math.Round(LatencyProbe.Percentile(sorted, p), 2);
        var pauses = trace.GcPauses.Select(p => Ms(p.End - p.Start)).Order().ToArray();
        var others = trace.Suspensions.Where(s => !s.ForGc).Select(s => Ms(s.End - s.Start)).Order().ToArray();
        int[] generations = [.. Enumerable.Range(0, 3).Select(g => trace.Collections.Count(c => c.Generation == g))];
        var commits = trace.CommitMs;
        var late = result.Alerts.Select(a => Ms(Math.Max(0, a.Start - a.Due))).Order().ToArray();
        var samples = trace.Samples;
        int threadsMin = samples.Length == 0 ? 0 : samples.Min(s => s.PoolThreads), threadsMax = samples.Length == 0 ? 0 : samples.Max(s => s.PoolThreads);
        long queueMax = samples.Length == 0 ? 0 : samples.Max(s => s.QueuedWork);
        int starvation = trace.Adjustments.Count(a => a.Reason == 6);
        var (jitMethods, jitTime) = trace.Jit;
        var causes = trace.Causes(result.Alerts, lockHolds);
        var stalls = causes.Single(c => c.Key == "stall").Spans;

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    GC: {trace.Collections.Count} collections (gen0 {generations[0]}, gen1 {generations[1]}, gen2 {generations[2]}, background {trace.Collections.Count(c => c.Background)}), {pauses.Length} pauses: max {P(pauses, 1)} ms, p99 {P(pauses, 0.99)} ms, total {pauses.Sum():F1} ms (runtime's own sum {trace.GcPausedSampled.TotalMilliseconds:F1} ms); {others.Length} other suspensions, max {P(others, 1)} ms; GC mode {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    process stalls (1 ms sampler thread, {samples.Length} samples): longest gap {trace.LongestGapMs:F1} ms, {stalls.Count} gaps >= {LatencyTraceReport.StallGap.TotalMilliseconds:F0} ms, {stalls.Sum(s => Ms(s.End - s.Start)):F1} ms in them")).ConfigureAwait(false);
        long origin = result.Alerts.Length == 0 ? 0 : result.Alerts.Min(a => a.Due);
        string Longest(IEnumerable<(long Start, long End)> spans) => string.Join(", ", spans.OrderByDescending(s => s.End - s.Start).Take(3)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{Ms(s.End - s.Start):F1} ms at {Ms(s.Start - origin) / 1000:F2} s")));
        await output.WriteLineAsync($"    longest stalls: {Longest(stalls)}; longest GC pauses (sampled): {Longest(trace.GcPausesSampled)}; (events): {Longest(trace.GcPauses)}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    thread pool: {threadsMin}-{threadsMax} threads, queue max {queueMax}; {trace.Adjustments.Count} worker-count changes, {starvation} for starvation; JIT: {jitMethods} methods compiled in the run, {jitTime.TotalMilliseconds:F1} ms compiling")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    commits: {commits.Length}, p50 {P(commits, 0.5)} ms, p99 {P(commits, 0.99)} ms, max {P(commits, 1)} ms; probe behind its schedule: p50 {P(late, 0.5)} ms, p99 {P(late, 0.99)} ms, max {P(late, 1)} ms")).ConfigureAwait(false);

        var accepted = result.Alerts.Where(a => a.Accepted != 0).Select(a => (a.Start, End: a.Accepted)).ToArray();
        var visible = result.Alerts.Where(a => a.Visible != 0).Select(a => (a.Start, End: a.Visible)).ToArray();
        var (slowAccepted, acceptedThreshold, acceptedRows) = LatencyExplanation.Explain(accepted, causes, 0.99, Stopwatch.Frequency);
        var (slowVisible, visibleThreshold, visibleRows) = LatencyExplanation.Explain(visible, causes, 0.99, Stopwatch.Frequency);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    what the slowest 1 % overlapped (accepted >= {acceptedThreshold:F1} ms: {slowAccepted} alerts; visible >= {visibleThreshold:F1} ms: {slowVisible}); p99 of the alerts that overlapped none:")).ConfigureAwait(false);
        await output.WriteLineAsync($"      {"cause",-46} {"spans",6} {"longest ms",10} {"total ms",9} | {"accepted: all",13} {"slowest",7} {"p99 others",10} | {"visible: all",12} {"slowest",7} {"p99 others",10}").ConfigureAwait(false);
        for (int i = 0; i < causes.Count; i++)
        {
            var (a, v) = (acceptedRows[i], visibleRows[i]);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"      {a.Cause.Label,-46} {a.Spans,6} {a.LongestMs,10:F1} {a.TotalMs,9:F1} | {a.Overlapping,13} {a.SlowOverlapping,7} {a.PercentileOthersMs,10:F2} | {v.Overlapping,12} {v.SlowOverlapping,7} {v.PercentileOthersMs,10:F2}")).ConfigureAwait(false);
            figures[$"latency_cause_{a.Cause.Key}_spans"] = a.Spans;
            figures[$"latency_cause_{a.Cause.Key}_longest_ms"] = Math.Round(a.LongestMs, 1);
            figures[$"latency_cause_{a.Cause.Key}_slow_accepted"] = a.SlowOverlapping;
            figures[$"latency_cause_{a.Cause.Key}_accepted_p99_others_ms"] = Round(a.PercentileOthersMs);
            figures[$"latency_cause_{a.Cause.Key}_slow_visible"] = v.SlowOverlapping;
            figures[$"latency_cause_{a.Cause.Key}_visible_p99_others_ms"] = Round(v.PercentileOthersMs);
        }

        await WriteWhenAsync(result, acceptedThreshold, visibleThreshold, output, figures).ConfigureAwait(false);

        // The slow commits themselves, explained the same way: a GC pause or a lock hold inside a commit lengthens it.
        var slowCommits = causes.Single(c => c.Key == "commit").Spans;
        var (_, _, commitRows) = LatencyExplanation.Explain(slowCommits, [.. causes.Where(c => c.Key is "gc" or "gcevent" or "stall" or "wal")], 0.99, Stopwatch.Frequency);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    the {slowCommits.Count} commits >= {LatencyTraceReport.SlowCommit.TotalMilliseconds:F0} ms overlapped: ") + string.Join(", ", commitRows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Cause.Key} {r.Overlapping}")))).ConfigureAwait(false);
        foreach (var row in commitRows)
        {
            figures[$"latency_slow_commits_overlapping_{row.Cause.Key}"] = row.Overlapping;
        }

        figures["latency_gc_collections"] = trace.Collections.Count;
        figures["latency_gc_gen2"] = generations[2];
        figures["latency_gc_pause_max_ms"] = P(pauses, 1);
        figures["latency_gc_pause_total_ms"] = Math.Round(pauses.Sum(), 1);
        figures["latency_gc_server"] = System.Runtime.GCSettings.IsServerGC;
        figures["latency_stall_max_ms"] = Math.Round(trace.LongestGapMs, 1);
        figures["latency_pool_threads_max"] = threadsMax;
        figures["latency_pool_queue_max"] = queueMax;
        figures["latency_pool_starvation_adjustments"] = starvation;
        figures["latency_jit_methods"] = jitMethods;
        figures["latency_jit_ms"] = Math.Round(jitTime.TotalMilliseconds, 1);
        figures["latency_commit_p50_ms"] = P(commits, 0.5);
        figures["latency_commit_p99_ms"] = P(commits, 0.99);
        figures["latency_commit_max_ms"] = P(commits, 1);
        figures["latency_send_late_p99_ms"] = P(late, 0.99);
        figures["latency_send_late_max_ms"] = P(late, 1);
    }

    /// <summary>
    /// When in the run the slowest 1 % were sent (by second), and the percentiles without the first seconds: a tail made
    /// by the start (first compilations, the pool and the heap growing) shows as slow alerts bunched at second 0.
    /// </summary>
    private static async Task WriteWhenAsync(LatencyProbe.Result result, double acceptedThreshold, double visibleThreshold, TextWriter output, Dictionary<string, object> figures)
    {
        if (result.Alerts.Length == 0)
        {
            return;
        }

        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        long origin = result.Alerts.Min(a => a.Due);
        int Second(LatencyProbe.AlertTiming a) => (int)(Ms(a.Due - origin) / 1000);
        var accepted = result.Alerts.Where(a => a.Accepted != 0 && Ms(a.Accepted - a.Start) >= acceptedThreshold).GroupBy(Second).OrderBy(g => g.Key);
        var visible = result.Alerts.Where(a => a.Visible != 0 && Ms(a.Visible - a.Start) >= visibleThreshold).GroupBy(Second).OrderBy(g => g.Key);
        await output.WriteLineAsync("    when the slowest 1 % were sent (second of the run: alerts): accepted " + string.Join(' ', accepted.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{g.Count()}")))
            + "; visible " + string.Join(' ', visible.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{g.Count()}")))).ConfigureAwait(false);
        foreach (int skip in new[] { 1, 3 })
        {
            var later = result.Alerts.Where(a => Second(a) >= skip).ToArray();
            var acceptedLater = later.Where(a => a.Accepted != 0).Select(a => Ms(a.Accepted - a.Start)).Order().ToArray();
            var visibleLater = later.Where(a => a.Visible != 0).Select(a => Ms(a.Visible - a.Start)).Order().ToArray();
            double p99Accepted = Math.Round(LatencyProbe.Percentile(acceptedLater, 0.99), 2), p99Visible = Math.Round(LatencyProbe.Percentile(visibleLater, 0.99), 2);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    without the first {skip} s ({later.Length} alerts): accepted p50 {LatencyProbe.Percentile(acceptedLater, 0.5):F2} ms, p99 {p99Accepted} ms; visible p50 {LatencyProbe.Percentile(visibleLater, 0.5):F2} ms, p99 {p99Visible} ms")).ConfigureAwait(false);
            figures[$"latency_accepted_p99_after_{skip}s_ms"] = Round(p99Accepted);
            figures[$"latency_visible_p99_after_{skip}s_ms"] = Round(p99Visible);
        }
    }

    // JSON has no NaN: a cause that every alert overlapped leaves no "others".
    private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 2);
}
