using System.Diagnostics;

namespace Correlator.Service.Bench;

/// <summary>
/// What <see cref="LatencyTrace"/> recorded during a latency run, turned into candidate causes (time spans) for
/// <see cref="LatencyExplanation"/> and into summary figures.
/// </summary>
internal sealed record LatencyTraceReport(
    LatencyTrace.Sample[] Samples,
    (long Start, long End)[] Commits,
    List<RuntimeEventTrace.Suspension> Suspensions,
    List<RuntimeEventTrace.Collection> Collections,
    List<RuntimeEventTrace.Adjustment> Adjustments)
{
    /// <summary>A gap between two samples at least this long is a stall: the sampler's thread did not run.</summary>
    public static readonly TimeSpan StallGap = TimeSpan.FromMilliseconds(4);

    /// <summary>A commit at least this long counts as slow.</summary>
    public static readonly TimeSpan SlowCommit = TimeSpan.FromMilliseconds(10);

    /// <summary>A send this much behind the open-loop schedule counts as late.</summary>
    public static readonly TimeSpan LateSend = TimeSpan.FromMilliseconds(5);

    /// <summary>The thread pool's queue at least this long counts as a backlog.</summary>
    public const int Backlog = 16;

    /// <summary>The GC pauses (suspensions for a GC), as spans.</summary>
    public (long Start, long End)[] GcPauses => [.. Suspensions.Where(s => s.ForGc).Select(s => (s.Start, s.End))];

    /// <summary>
    /// The GC pauses as the sampler saw them: where the runtime's summed pause time grew between two samples, a span of that
    /// growth ending at the later sample (in the probe's timebase, unlike the events, whose clock may be offset).
    /// </summary>
    public (long Start, long End)[] GcPausesSampled
    {
        get
        {
            var spans = new List<(long Start, long End)>();
            for (int i = 1; i < Samples.Length; i++)
            {
                var grew = Samples[i].GcPaused - Samples[i - 1].GcPaused;
                if (grew > TimeSpan.Zero)
                {
                    spans.Add((Samples[i].At - Ticks(grew), Samples[i].At));
                }
            }

            return [.. spans];
        }
    }

    /// <summary>The candidate causes, given the alerts (for the sender's lateness) and the WAL truncations' lock holds.</summary>
    public List<LatencyExplanation.Cause> Causes(IReadOnlyList<LatencyProbe.AlertTiming> alerts, IReadOnlyList<(long Start, long End)> lockHolds) =>
    [
        new("gc", "GC pause (the runtime's pause sum grew)", GcPausesSampled),
        new("gcevent", "GC pause (the runtime's GC events)", GcPauses),
        new("suspend", "runtime suspended, not for a GC", [.. Suspensions.Where(s => !s.ForGc).Select(s => (s.Start, s.End))]),
        new("stall", $"sampler thread stalled >= {StallGap.TotalMilliseconds:F0} ms", Gaps(StallGap)),
        new("pool", $"thread-pool queue >= {Backlog} items", Between((a, b) => a.QueuedWork >= Backlog)),
        new("jit", "JIT compiling (methods compiled)", Between((a, b) => b.JitMethods > a.JitMethods)),
        new("stage", "incident-stage pass running", Between((a, b) => b.StageBusy > a.StageBusy)),
        new("commit", $"commit >= {SlowCommit.TotalMilliseconds:F0} ms", [.. Commits.Where(c => c.End - c.Start >= Ticks(SlowCommit))]),
        new("late", $"probe >= {LateSend.TotalMilliseconds:F0} ms behind its schedule", [.. alerts.Where(a => a.Start - a.Due >= Ticks(LateSend)).Select(a => (a.Due, a.Start))]),
        new("wal", "WAL truncation holding the write lock", lockHolds),
    ];

    /// <summary>The commits' durations in ms, ascending.</summary>
    public double[] CommitMs => [.. Commits.Select(c => (c.End - c.Start) * 1000.0 / Stopwatch.Frequency).Order()];

    /// <summary>The longest wait between two samples, in ms.</summary>
    public double LongestGapMs => Samples.Length < 2 ? 0 : Enumerable.Range(1, Samples.Length - 1).Max(i => (Samples[i].At - Samples[i - 1].At) * 1000.0 / Stopwatch.Frequency);

    /// <summary>The JIT's work during the run: methods compiled and time spent compiling (all threads).</summary>
    public (long Methods, TimeSpan Time) Jit => Samples.Length < 2 ? (0, TimeSpan.Zero)
        : (Samples[^1].JitMethods - Samples[0].JitMethods, Samples[^1].JitTime - Samples[0].JitTime);

    /// <summary>The GC's pause time during the run as the runtime sums it (a cross-check of the events).</summary>
    public TimeSpan GcPausedSampled => Samples.Length < 2 ? TimeSpan.Zero : Samples[^1].GcPaused - Samples[0].GcPaused;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private (long Start, long End)[] Gaps(TimeSpan atLeast)
    {
        var spans = new List<(long Start, long End)>();
        for (int i = 1; i < Samples.Length; i++)
        {
            if (Samples[i].At - Samples[i - 1].At >= Ticks(atLeast))
            {
                spans.Add((Samples[i - 1].At, Samples[i].At));
            }
        }

        return [.. spans];
    }

    /// <summary>The spans between two consecutive samples where <paramref name="holds"/> says so, adjacent ones merged.</summary>
    private (long Start, long End)[] Between(Func<LatencyTrace.Sample, LatencyTrace.Sample, bool> holds)
    {
        var spans = new List<(long Start, long End)>();
        for (int i = 1; i < Samples.Length; i++)
        {
            if (!holds(Samples[i - 1], Samples[i]))
            {
                continue;
            }

            if (spans.Count > 0 && spans[^1].End == Samples[i - 1].At)
            {
                spans[^1] = (spans[^1].Start, Samples[i].At);
            }
            else
            {
                spans.Add((Samples[i - 1].At, Samples[i].At));
            }
        }

        return [.. spans];
    }
}
