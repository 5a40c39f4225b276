using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>The human report of <c>bench kafka</c> and its closing JSON line of headline figures.</summary>
internal static class KafkaBenchReport
{
    public static async Task WriteAsync(TextWriter output, KafkaBenchRun run, KafkaBenchResult result, double parseRate)
    {
        double units = (double)result.Processed * run.UnitsPerMessage;
        double rate = units / result.Seconds;
        double steadySeconds = Math.Max(1e-9, result.Seconds - result.FirstAt);
        double steady = result.Processed > 1 ? units / steadySeconds : 0;
        double goal = run.Metrics ? 500_000 : 100_000;
        var t = result.Timings;
        string Share(TimeSpan part) => (part.TotalSeconds / result.Seconds).ToString("P0", CultureInfo.InvariantCulture);
        double PerSignal(TimeSpan part) => part.TotalMicroseconds / Math.Max(1, result.CommittedSignals);
        var status = result.Processed == run.Messages ? "complete" : result.Stalled ? "STALLED (no progress for 60 s)" : "INCOMPLETE, consumer " + result.State;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            correlator bench kafka --kind {run.Kind}: {status}
              stream        {result.Produced:N0} of {run.Messages:N0} messages produced ({result.ProducedBytes / Math.Max(1, result.Produced):N0} bytes each on average) to {run.Partitions} partitions while consumed; the producer waited {result.ProducerWaits:N0} times for the consumer (lag budget {KafkaBenchProducer.LagBudgetBytes / 1024 / 1024} MiB per partition)
              end to end    {result.Processed:N0} messages = {units:N0} {run.Unit} in {result.Seconds:F1} s = {rate:N0} {run.Unit}/s (goal {goal:N0}); {steady:N0} {run.Unit}/s after the first batch at {result.FirstAt:F1} s (group join)
              CPU           {result.CpuSeconds:F1} s of process CPU time = {units / Math.Max(1e-9, result.CpuSeconds):N0} {run.Unit} per CPU-second (producer and mock broker included; the wall rate depends on what else runs)
              store commits {result.Commits:N0} (about {units / Math.Max(1, result.Commits):N0} {run.Unit} each){(run.Metrics ? $"; detector bank: {result.BankSamples:N0} samples, {result.Anomalies:N0} anomalies" : "")}
              where the consumer thread's time went (of {result.Seconds:F1} s wall, {result.Processors} cores shared with the producer and the correlation loop):
                waiting in librdkafka poll   {t.Consume.TotalSeconds,7:F1} s  {Share(t.Consume)}
                parsing (format decoders)    {t.Decode.TotalSeconds,7:F1} s  {Share(t.Decode)}
                waiting for the sink         {t.Sink.TotalSeconds,7:F1} s  {Share(t.Sink)}  ({(run.Metrics ? "detector bank + " : "")}correlation + SQLite commit, one loop)
                offsets (store + commit)     {t.Offsets.TotalSeconds,7:F1} s  {Share(t.Offsets)}
              inside the sink (the correlation loop, {result.CommittedSignals:N0} signals committed; commits overlap the next batch's correlation):
                correlation                  {result.Correlate.TotalSeconds,7:F1} s  {Share(result.Correlate)}  {PerSignal(result.Correlate),6:F1} µs per signal
                SQLite commit                {result.Commit.TotalSeconds,7:F1} s  {Share(result.Commit)}  {PerSignal(result.Commit),6:F1} µs per signal
              parse alone   {parseRate:N0} {run.Unit}/s (one thread, same payloads)
            """)).ConfigureAwait(false);
        var prefix = run.Metrics ? "samples" : "alerts";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{{\"bench\":\"kafka\",\"kind\":\"{run.Kind}\",\"messages\":{result.Processed},\"{prefix}\":{units:F0},\"partitions\":{run.Partitions},\"{prefix}_per_second\":{rate:F0},\"steady_{prefix}_per_second\":{steady:F0},\"parse_{prefix}_per_second\":{parseRate:F0},\"seconds\":{result.Seconds:F2},\"cpu_seconds\":{result.CpuSeconds:F2},\"{prefix}_per_cpu_second\":{units / Math.Max(1e-9, result.CpuSeconds):F0},\"commits\":{result.Commits},\"correlate_seconds\":{result.Correlate.TotalSeconds:F2},\"commit_seconds\":{result.Commit.TotalSeconds:F2},\"sink_seconds\":{t.Sink.TotalSeconds:F2},\"decode_seconds\":{t.Decode.TotalSeconds:F2},\"complete\":{(result.Processed == run.Messages ? "true" : "false")}}}")).ConfigureAwait(false);
    }
}
