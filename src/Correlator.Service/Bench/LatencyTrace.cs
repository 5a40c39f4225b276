using System.Diagnostics;
using System.Runtime;

namespace Correlator.Service.Bench;

/// <summary>
/// What the process did during a latency run, recorded so that each slow alert can be explained: the runtime's GC
/// pauses and other suspensions (<see cref="RuntimeEventTrace"/>), a sampler on its own thread every millisecond
/// (its late wake-ups are stalls of the process; it also reads the thread pool's queue and threads, the JIT's
/// compiled-method count and the incident stage's busy time), and each committed batch with its commit time.
/// </summary>
internal sealed class LatencyTrace : IDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(1);

    private readonly RuntimeEventTrace _runtime = new();
    private readonly List<Sample> _samples = new(65_536);
    private readonly List<CommitMark> _commits = new(65_536);
    private readonly Func<TimeSpan> _commitTime;
    private readonly Func<TimeSpan> _stageBusy;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampler;
    private readonly object _gate = new();

    /// <param name="commitTime">The pipeline's summed commit time (read at each commit: the difference is that commit's time).</param>
    /// <param name="stageBusy">The incident stage's summed time in passes (zero when it is off).</param>
    public LatencyTrace(Func<TimeSpan> commitTime, Func<TimeSpan> stageBusy)
    {
        _commitTime = commitTime;
        _stageBusy = stageBusy;
        _commits.Add(new CommitMark(Stopwatch.GetTimestamp(), commitTime()));
        _sampler = new Thread(Run) { IsBackground = true, Name = "latency-sampler", Priority = ThreadPriority.AboveNormal };
        _sampler.Start();
    }

    /// <summary>One reading of the sampler.</summary>
    public readonly record struct Sample(long At, long QueuedWork, int PoolThreads, long JitMethods, TimeSpan JitTime, TimeSpan StageBusy, TimeSpan GcPaused);

    /// <summary>A committed batch: when its senders were answered, and the pipeline's summed commit time then.</summary>
    public readonly record struct CommitMark(long At, TimeSpan CommitTime);

    /// <summary>The pipeline's <c>Committed</c> observer: marks the end of one batch's commit.</summary>
    public void OnCommitted(Correlator.Domain.ChangeSet changes)
    {
        var mark = new CommitMark(Stopwatch.GetTimestamp(), _commitTime());
        lock (_gate)
        {
            _commits.Add(mark);
        }
    }

    /// <summary>Stops the sampler and returns what was recorded between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public LatencyTraceReport Stop(long from, long to)
    {
        _stop.Cancel();
        _sampler.Join();
        List<CommitMark> commits;
        lock (_gate)
        {
            commits = [.. _commits];
        }

        var (suspensions, collections, adjustments) = _runtime.Between(from, to);
        return new LatencyTraceReport([.. _samples.Where(s => s.At >= from && s.At <= to)], [.. CommitSpans(commits).Where(c => c.End >= from && c.Start <= to)], suspensions, collections, adjustments);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            _sampler.Join();
        }

        _stop.Dispose();
        _runtime.Dispose();
    }

    /// <summary>Each commit as a span ending when its batch was answered, as long as the pipeline timed its commit.</summary>
    private static IEnumerable<(long Start, long End)> CommitSpans(List<CommitMark> commits)
    {
        for (int i = 1; i < commits.Count; i++)
        {
            var took = commits[i].CommitTime - commits[i - 1].CommitTime;
            yield return (commits[i].At - (long)(took.TotalSeconds * Stopwatch.Frequency), commits[i].At);
        }
    }

    private void Run()
    {
        var wait = _stop.Token.WaitHandle;
        while (!_stop.IsCancellationRequested)
        {
            _samples.Add(new Sample(Stopwatch.GetTimestamp(), ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount,
                JitInfo.GetCompiledMethodCount(currentThread: false), JitInfo.GetCompilationTime(currentThread: false), _stageBusy(), GC.GetTotalPauseDuration()));
            wait.WaitOne(SampleEvery);
        }
    }
}
