using System.Globalization;
using System.Text;
using Correlator.Service.Http;
using Correlator.Storage;

namespace Correlator.Service.Pipeline;

/// <summary>The checkpoint worker's part of /metrics: the size of the write-ahead log and the checkpoints by outcome.</summary>
internal sealed class CheckpointMetrics(SqliteStore store) : IMetricsSection
{
    private static readonly string[] Outcomes = ["passive", "truncated", "busy", "failed"];
    private readonly long[] _counts = new long[Outcomes.Length];

    /// <summary>Counts a checkpoint that returned.</summary>
    public void Record(CheckpointOutcome outcome) =>
        Interlocked.Increment(ref _counts[outcome.Busy ? 2 : outcome.Truncated ? 1 : 0]);

    /// <summary>Counts a checkpoint that threw.</summary>
    public void Failed() => Interlocked.Increment(ref _counts[3]);

    /// <summary>How many checkpoints ended with <paramref name="outcome"/> (passive, truncated, busy or failed).</summary>
    public long Count(string outcome) => Interlocked.Read(ref _counts[Array.IndexOf(Outcomes, outcome)]);

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
    }
}
