using System.Globalization;
using System.Text;

namespace Correlator.Service.Bench;

/// <summary>The human report of <c>bench kafka</c> (one block per stream, then a summary) and its closing JSON line of headline figures.</summary>
internal static class KafkaBenchReport
{
    public static async Task WriteAsync(TextWriter output, KafkaBenchRun run, KafkaBenchResult result)
    {
        var f = Figures.Of(run, result);
        var t = result.Timings;
        string Share(TimeSpan part) => (part.TotalSeconds / result.Seconds).ToString("P0", CultureInfo.InvariantCulture);
        double PerSignal(TimeSpan part) => part.TotalMicroseconds / Math.Max(1, result.CommittedSignals);
        var status = result.Processed == run.Messages ? "complete" : result.Stalled ? "STALLED (no progress for 60 s)" : "INCOMPLETE, consumer " + result.State;
        var sink = Name(result.Sink);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            correlator bench kafka --kind {run.Kind} --sink {sink}: {status}
              stream        {result.Produced:N0} of {run.Messages:N0} messages produced ({result.ProducedBytes / Math.Max(1, result.Produced):N0} bytes each on average) to {run.Partitions} partitions while consumed; the producer waited {result.ProducerWaits:N0} times for the consumer (lag budget {KafkaBenchProducer.LagBudgetBytes / 1024 / 1024} MiB per partition); consumer fetch.wait.max.ms {run.FetchWaitMs} (--fetch-wait-ms: the mock broker holds a fetch that finds no data this long)
              end to end    {result.Processed:N0} messages = {f.Units:N0} {run.Unit} in {result.Seconds:F1} s = {f.Rate:N0} {run.Unit}/s{(result.Sink == KafkaBenchSink.Full ? $" (goal {(run.Metrics ? 500_000 : 100_000):N0})" : "")}; {f.Steady:N0} {run.Unit}/s after the first batch at {result.FirstAt:F1} s (group join)
              CPU           {result.CpuSeconds:F1} s of process CPU time = {f.PerCpuSecond:N0} {run.Unit} per CPU-second = {f.CpuMicros:F1} µs per {Singular(run)} (producer and mock broker included; the wall rate depends on what else runs)
              allocated     {Text(f.Allocated)} bytes per {Singular(run)} (whole process{(double.IsNaN(f.Allocated) ? UnreliableNote : "")}); of which the bench's producer {f.Producer:N0} and the consumer thread (poll, message copies, parsing) {f.Consumer:N0}; without the producer {Text(f.WithoutProducer)}
            """)).ConfigureAwait(false);
        if (result.Sink != KafkaBenchSink.Full)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                  consumer      waiting in poll {t.Consume.TotalSeconds:F1} s ({Share(t.Consume)}), parsing {t.Decode.TotalSeconds:F1} s ({Share(t.Decode)}), offsets {t.Offsets.TotalSeconds:F1} s ({Share(t.Offsets)}); the sink dropped {result.Signals:N0} signals and {result.BankSamples:N0} samples
                """)).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
              store commits {result.Commits:N0} (about {f.Units / Math.Max(1, result.Commits):N0} {run.Unit} each){(run.Metrics ? $"; detector bank: {result.BankSamples:N0} samples, {result.Anomalies:N0} anomalies" : "")}
              where the consumer thread's time went (of {result.Seconds:F1} s wall, {result.Processors} cores shared with the producer and the correlation loop):
                waiting in librdkafka poll   {t.Consume.TotalSeconds,7:F1} s  {Share(t.Consume)}
                parsing (format decoders)    {t.Decode.TotalSeconds,7:F1} s  {Share(t.Decode)}
                waiting for the sink         {t.Sink.TotalSeconds,7:F1} s  {Share(t.Sink)}  ({(run.Metrics ? "detector bank + " : "")}correlation + SQLite commit, one loop)
                offsets (store + commit)     {t.Offsets.TotalSeconds,7:F1} s  {Share(t.Offsets)}
              inside the sink (the correlation loop, {result.CommittedSignals:N0} signals committed; commits overlap the next batch's correlation):
                correlation                  {result.Correlate.TotalSeconds,7:F1} s  {Share(result.Correlate)}  {PerSignal(result.Correlate),6:F1} µs per signal
                SQLite commit                {result.Commit.TotalSeconds,7:F1} s  {Share(result.Commit)}  {PerSignal(result.Commit),6:F1} µs per signal
            """)).ConfigureAwait(false);
    }

    /// <summary>The streams side by side, the parser alone, and the JSON line (the full stream's figures under the names they always had).</summary>
    public static async Task WriteSummaryAsync(TextWriter output, KafkaBenchRun run, IReadOnlyList<KafkaBenchResult> results, (double Rate, double AllocatedPerUnit) parse)
    {
        var unit = Singular(run);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"summary, --kind {run.Kind} ({run.Messages:N0} messages per stream; allocated = managed bytes per {unit}, all threads):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"sink",-6} {run.Unit + "/s",12} {"per CPU-s",10} {"µs CPU/" + unit,12} {"allocated",10} {"producer",9} {"w/o prod.",10} {"consumer",9}");
        foreach (var result in results)
        {
            var f = Figures.Of(run, result);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Name(result.Sink),-6} {f.Rate,12:N0} {f.PerCpuSecond,10:N0} {f.CpuMicros,12:F1} {Text(f.Allocated),10} {f.Producer,9:N0} {Text(f.WithoutProducer),10} {f.Consumer,9:N0}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  parse alone {parse.Rate:N0} {run.Unit}/s (one thread, same payloads), {parse.AllocatedPerUnit:N0} bytes allocated per {unit}");
        await output.WriteLineAsync(text.ToString()).ConfigureAwait(false);

        var p = run.Metrics ? "samples" : "alerts";
        var u = run.Metrics ? "sample" : "alert";
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"bench\":\"kafka\",\"kind\":\"{run.Kind}\"");
        if (results.FirstOrDefault(r => r.Sink == KafkaBenchSink.Full) is { } full)
        {
            var f = Figures.Of(run, full);
            var t = full.Timings;
            json.Append(CultureInfo.InvariantCulture, $",\"messages\":{full.Processed},\"{p}\":{f.Units:F0},\"partitions\":{run.Partitions},\"fetch_wait_ms\":{run.FetchWaitMs},\"{p}_per_second\":{f.Rate:F0},\"steady_{p}_per_second\":{f.Steady:F0},\"parse_{p}_per_second\":{parse.Rate:F0},\"seconds\":{full.Seconds:F2},\"cpu_seconds\":{full.CpuSeconds:F2},\"{p}_per_cpu_second\":{f.PerCpuSecond:F0},\"commits\":{full.Commits},\"correlate_seconds\":{full.Correlate.TotalSeconds:F2},\"commit_seconds\":{full.Commit.TotalSeconds:F2},\"sink_seconds\":{t.Sink.TotalSeconds:F2},\"decode_seconds\":{t.Decode.TotalSeconds:F2}");
            json.Append(CultureInfo.InvariantCulture, $",\"allocated_bytes_per_{u}\":{Json(f.Allocated)},\"producer_allocated_bytes_per_{u}\":{f.Producer:F0},\"allocated_bytes_per_{u}_without_producer\":{Json(f.WithoutProducer)},\"consumer_thread_allocated_bytes_per_{u}\":{f.Consumer:F0}");
        }
        else
        {
            json.Append(CultureInfo.InvariantCulture, $",\"partitions\":{run.Partitions},\"parse_{p}_per_second\":{parse.Rate:F0}");
        }

        json.Append(CultureInfo.InvariantCulture, $",\"parse_allocated_bytes_per_{u}\":{parse.AllocatedPerUnit:F0}");
        foreach (var result in results.Where(r => r.Sink != KafkaBenchSink.Full))
        {
            var f = Figures.Of(run, result);
            var s = "sink_" + Name(result.Sink);
            json.Append(CultureInfo.InvariantCulture, $",\"{s}_{p}_per_second\":{f.Rate:F0},\"{s}_{p}_per_cpu_second\":{f.PerCpuSecond:F0},\"{s}_allocated_bytes_per_{u}_without_producer\":{Json(f.WithoutProducer)},\"{s}_complete\":{Bool(result.Processed == run.Messages)}");
        }

        json.Append(CultureInfo.InvariantCulture, $",\"complete\":{Bool(results.All(r => r.Processed == run.Messages))}}}");
        await output.WriteLineAsync(json.ToString()).ConfigureAwait(false);
    }

    private static string Name(KafkaBenchSink sink) => sink switch
    {
        KafkaBenchSink.Parse => "parse",
        KafkaBenchSink.None => "none",
        _ => "full",
    };

    private static string Singular(KafkaBenchRun run) => run.Metrics ? "sample" : "alert";

    private static string Bool(bool value) => value ? "true" : "false";

    private const string UnreliableNote = ": n/a, the runtime's total went backwards during the stream";

    private static string Text(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Json(double value) => double.IsNaN(value) ? "null" : value.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The per-unit figures of one stream.</summary>
    private readonly record struct Figures(double Units, double Rate, double Steady, double PerCpuSecond, double CpuMicros, double Allocated, double Producer, double WithoutProducer, double Consumer)
    {
        public static Figures Of(KafkaBenchRun run, KafkaBenchResult result)
        {
            double units = (double)result.Processed * run.UnitsPerMessage;
            double per = Math.Max(1, units);
            double steadySeconds = Math.Max(1e-9, result.Seconds - result.FirstAt);

            // The whole-process counter must hold at least what the producer's and the consumer's threads counted on
            // their own; when it does not, the runtime's counter went backwards (server GC with DATAS changing its heap
            // count, dotnet/runtime#131069) and the whole-process figure is not shown rather than shown wrong.
            bool consistent = result.AllocatedBytes >= result.ProducerAllocatedBytes + result.Timings.AllocatedBytes;
            double allocated = consistent ? result.AllocatedBytes / per : double.NaN;
            double withoutProducer = consistent ? (result.AllocatedBytes - result.ProducerAllocatedBytes) / per : double.NaN;
            return new Figures(
                units,
                units / result.Seconds,
                result.Processed > 1 ? units / steadySeconds : 0,
                units / Math.Max(1e-9, result.CpuSeconds),
                result.CpuSeconds * 1e6 / per,
                allocated,
                result.ProducerAllocatedBytes / per,
                withoutProducer,
                result.Timings.AllocatedBytes / per);
        }
    }
}
