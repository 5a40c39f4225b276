using System.Diagnostics;
using System.Globalization;
using System.Text;
using Correlator.Service.Http;
using Correlator.Storage;

namespace Correlator.Service.Pipeline;

/// <summary>
/// The checkpoint worker's part of /metrics: the size of the write-ahead log, the checkpoints by outcome, and how
/// long truncations held the store's write lock (commits wait meanwhile) with the log pages they copied under it.
/// </summary>
internal sealed class CheckpointMetrics(SqliteStore store) : IMetricsSection
{
    private const int KeptHolds = 1024;
    private static readonly string[] Outcomes = ["passive", "truncated", "busy", "failed"];
    private static readonly double[] LockBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    private readonly long[] _counts = new long[Outcomes.Length];
    private readonly long[] _lockBuckets = new long[LockBuckets.Length + 1];
    private readonly Queue<LockHold> _holds = new();
    private readonly Lock _gate = new();
    private double _lockSeconds;
    private double _lockMaxSeconds;
    private long _lockCount;
    private long _pagesCopiedUnderLock;

    /// <summary>Counts a checkpoint that returned; a truncation's hold of the write lock goes into the histogram.</summary>
    public void Record(CheckpointOutcome outcome)
    {
        Interlocked.Increment(ref _counts[outcome.Busy ? 2 : outcome.Truncated ? 1 : 0]);
        if (outcome.LockHeld <= TimeSpan.Zero)
        {
            return;
        }

        var seconds = outcome.LockHeld.TotalSeconds;
        int bucket = 0;
        while (bucket < LockBuckets.Length && seconds > LockBuckets[bucket])
        {
            bucket++;
        }

        lock (_gate)
        {
            _lockBuckets[bucket]++;
            _lockSeconds += seconds;
            _lockMaxSeconds = Math.Max(_lockMaxSeconds, seconds);
            _lockCount++;
            _pagesCopiedUnderLock += Math.Max(0, outcome.PagesCopiedUnderLock);
            if (_holds.Count == KeptHolds)
            {
                _holds.Dequeue();
            }

            _holds.Enqueue(new LockHold(Stopwatch.GetTimestamp(), outcome.LockHeld, outcome.PagesCopiedUnderLock, outcome.Elapsed, outcome.ResetHeld));
        }
    }

    /// <summary>Counts a checkpoint that threw.</summary>
    public void Failed() => Interlocked.Increment(ref _counts[3]);

    /// <summary>How many checkpoints ended with <paramref name="outcome"/> (passive, truncated, busy or failed).</summary>
    public long Count(string outcome) => Interlocked.Read(ref _counts[Array.IndexOf(Outcomes, outcome)]);

    /// <summary>The last (up to 1,024) holds of the write lock by a truncation, oldest first.</summary>
    public IReadOnlyList<LockHold> LockHolds()
    {
        lock (_gate)
        {
            return [.. _holds];
        }
    }

    public void Render(StringBuilder text)
    {
        text.Append("# HELP correlator_store_wal_bytes Size of the store's write-ahead log file.\n# TYPE correlator_store_wal_bytes gauge\n")
            .Append("correlator_store_wal_bytes ").Append(store.WalBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("# HELP correlator_store_checkpoints_total Background checkpoints of the store, per outcome.\n# TYPE correlator_store_checkpoints_total counter\n");
        for (int i = 0; i < Outcomes.Length; i++)
        {
            text.Append("correlator_store_checkpoints_total{outcome=\"").Append(Outcomes[i]).Append("\"} ")
                .Append(Interlocked.Read(ref _counts[i]).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        lock (_gate)
        {
            text.Append("# HELP correlator_store_checkpoint_write_lock_seconds How long a truncating checkpoint held the store's write lock (commits waited).\n# TYPE correlator_store_checkpoint_write_lock_seconds histogram\n");
            long cumulative = 0;
            for (int i = 0; i <= LockBuckets.Length; i++)
            {
                cumulative += _lockBuckets[i];
                var le = i < LockBuckets.Length ? LockBuckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                text.Append("correlator_store_checkpoint_write_lock_seconds_bucket{le=\"").Append(le).Append("\"} ")
                    .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append("correlator_store_checkpoint_write_lock_seconds_sum ").Append(_lockSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
                .Append("correlator_store_checkpoint_write_lock_seconds_count ").Append(_lockCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append("# HELP correlator_store_checkpoint_write_lock_max_seconds Longest hold of the write lock by a truncating checkpoint.\n# TYPE correlator_store_checkpoint_write_lock_max_seconds gauge\n")
                .Append("correlator_store_checkpoint_write_lock_max_seconds ").Append(_lockMaxSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            text.Append("# HELP correlator_store_checkpoint_pages_copied_under_lock_total Log pages truncating checkpoints copied while holding the write lock.\n# TYPE correlator_store_checkpoint_pages_copied_under_lock_total counter\n")
                .Append("correlator_store_checkpoint_pages_copied_under_lock_total ").Append(_pagesCopiedUnderLock.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    /// <summary>
    /// One hold of the write lock by a truncation: when it ended (<see cref="Stopwatch"/> timestamp), how long, pages
    /// copied, the whole checkpoint's time, and the part of the hold spent waiting for readers and resetting the log.
    /// </summary>
    internal readonly record struct LockHold(long EndTimestamp, TimeSpan Held, int PagesCopied, TimeSpan CheckpointElapsed, TimeSpan ResetHeld);
}
