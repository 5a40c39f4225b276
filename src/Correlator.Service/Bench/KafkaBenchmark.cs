using System.Diagnostics;
using System.Globalization;
using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;
using Correlator.Kafka;
using Correlator.Service.Composition;
using Correlator.Service.Kafka;
using Correlator.Service.Metrics;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Configuration.Memory;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench kafka</c>: end-to-end rate from a topic of librdkafka's in-process mock cluster into the
/// store (consumer, parse, detector bank for metrics, correlation, commit, offsets) — alerts/s with realistic
/// one-alert Alertmanager webhooks, or samples/s with Telegraf <c>cpu</c> metrics in line protocol — while a
/// producer streams the messages in, a bounded lag ahead (see <see cref="KafkaBenchProducer"/>). Says where the
/// consumer thread's time went and how fast the parser alone is.
/// </summary>
internal static class KafkaBenchmark
{
    public const string Usage = """
        Usage: correlator bench kafka [--kind alerts|metrics] [--messages N] [--partitions N] [--batch N] [--parse-sample N] [--hosts N]
        End-to-end rate from a Kafka topic (librdkafka mock cluster, in process) into the store while a producer
        streams the messages: alerts — Alertmanager webhooks of one alert each; metrics — Telegraf cpu metrics in
        line protocol, 10 samples per message, --hosts x 4 CPUs series (default 1,000). Default 1,000,000
        messages, 4 partitions, consumer batches of 2,000.
        """;

    private const string Topic = "bench-input";

    /// <summary>No progress for this long ends the run as failed, with what the broker still holds.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (!KafkaBenchRun.TryParse(args, out var run, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        KafkaNativeLibrary.EnsureLoaded();
        var parseRate = MeasureParse(run);
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(Topic, run.Partitions);
        cluster.CreateTopic(Topic + "-dlq", 1);
        var data = Path.Combine(Path.GetTempPath(), "correlator-bench-kafka-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await ConsumeAsync(run, cluster.BootstrapServers, data).ConfigureAwait(false);
            await KafkaBenchReport.WriteAsync(output, run, result, parseRate).ConfigureAwait(false);
            return result.Processed == run.Messages ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>Units (alerts or samples) per second of the parser alone, one thread, on the bench's own payloads.</summary>
    private static double MeasureParse(KafkaBenchRun run)
    {
        int count = Math.Min(run.ParseSample, run.Messages);
        var payloads = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            payloads[i] = run.Payload(i);
        }

        long units = 0;
        var watch = Stopwatch.StartNew();
        if (run.Metrics)
        {
            // With the series cache the consumer's decoder keeps (LineProtocol:SeriesCacheEntries).
            var limits = new LineProtocolLimits();
            var parser = new LineProtocolParser(limits);
            var cache = limits.SeriesCacheEntries > 0 ? new LineProtocolSeriesCache(limits.SeriesCacheEntries) : null;
            var batch = new LineProtocolBatch();
            foreach (var payload in payloads)
            {
                batch.Clear();
                parser.Parse(payload, LineProtocolPrecision.Nanoseconds, DateTimeOffset.UnixEpoch, batch, cache);
                units += batch.Samples.Count;
            }
        }
        else
        {
            var parser = new AlertmanagerWebhookParser(new IngestionLimits());
            foreach (var payload in payloads)
            {
                units += parser.Parse(payload, ParseContext.None).Signals.Count;
            }
        }

        return units / watch.Elapsed.TotalSeconds;
    }

    private static async Task<KafkaBenchResult> ConsumeAsync(KafkaBenchRun run, string bootstrap, string data)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        var topics = run.Metrics ? "MetricTopics" : "AlertTopics";
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Storage:DataDirectory"] = data,
                ["Pipeline:AdvanceWithClock"] = "false",
                ["Kafka:Enabled"] = "true",
                ["Kafka:BootstrapServers"] = bootstrap,
                ["Kafka:GroupId"] = "bench",
                [$"Kafka:{topics}:0:Name"] = Topic,
                [$"Kafka:{topics}:0:Format"] = run.Metrics ? PayloadDecoders.LineProtocolFormat : AlertmanagerWebhookParser.FormatName,
                ["Kafka:DeadLetterTopic"] = Topic + "-dlq",
                ["Kafka:MaxBatchMessages"] = run.Batch.ToString(CultureInfo.InvariantCulture),
                ["Detection:Bank:MaxSeries"] = Math.Max(200_000, run.Hosts * 4 * KafkaBenchPayloads.CpuFields.Length).ToString(CultureInfo.InvariantCulture),
            },
        });
        var store = await CorrelatorServices.OpenStoreAsync(builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, store);
        builder.Services.AddIngestionLimits(builder.Configuration);
        // The metric path reports its InfluxDB sink's health there (the sink is off in the bench).
        builder.Services.AddSingleton<Http.SourceHealth>();
        builder.Services.AddCorrelatorMetrics(builder.Configuration);
        builder.Services.AddCorrelatorKafka(builder.Configuration);
        using var host = builder.Build();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await host.StartAsync().ConfigureAwait(false);
        var ingestor = host.Services.GetRequiredService<KafkaIngestionService>().Ingestor ?? throw new InvalidOperationException("Kafka did not start");
        var producer = new KafkaBenchProducer(bootstrap, Topic, run.Partitions, run.Payload, run.PartitionOf);
        using var stop = new CancellationTokenSource();
        var producing = producer.RunAsync(run.Messages, run.MaxPayloadBytes, p => ingestor.AcknowledgedOffset(Topic, p) ?? 0, stop.Token);
        var (firstAt, stalled) = await WatchAsync(ingestor, run.Messages, watch, producer).ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        var processed = ingestor.MessagesProcessed;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await producing.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (processed < run.Messages)
        {
            // The run failed; the report says so.
        }

        var metrics = host.Services.GetRequiredService<MetricPath>().Stats;
        var pipeline = host.Services.GetRequiredService<SignalPipeline>();
        var result = new KafkaBenchResult(
            seconds, firstAt, processed, ingestor.State, stalled, pipeline.BatchesCommitted,
            producer.Bytes, producer.Produced, producer.Waits, ingestor.Timings, metrics.Samples, metrics.AnomaliesFired, Environment.ProcessorCount, cpuSeconds)
        {
            Correlate = pipeline.Timings.Correlate,
            Commit = pipeline.Timings.Commit,
            CommittedSignals = pipeline.Timings.CommittedSignals,
        };
        await host.StopAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Waits until every message is acknowledged, the consumer stops, or nothing moves for <see cref="StallLimit"/>.</summary>
    private static async Task<(double FirstAt, bool Stalled)> WatchAsync(KafkaIngestor ingestor, int messages, Stopwatch watch, KafkaBenchProducer producer)
    {
        double firstAt = 0;
        long last = 0;
        var lastMove = watch.Elapsed;
        var nextReport = TimeSpan.FromSeconds(5);
        while (ingestor.MessagesProcessed < messages && ingestor.State is KafkaConsumerState.Running or KafkaConsumerState.Starting)
        {
            await Task.Delay(20).ConfigureAwait(false);
            long now = ingestor.MessagesProcessed;
            if (now != last)
            {
                firstAt = last == 0 ? watch.Elapsed.TotalSeconds : firstAt;
                last = now;
                lastMove = watch.Elapsed;
            }
            else if (watch.Elapsed - lastMove > StallLimit)
            {
                return (firstAt, true);
            }

            if (watch.Elapsed >= nextReport)
            {
                // Progress on stderr, so a slow or stalled run shows where it stands.
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:F0} s: {now:N0} messages stored, {producer.Produced:N0} produced")).ConfigureAwait(false);
                nextReport += TimeSpan.FromSeconds(5);
            }
        }

        return (firstAt, false);
    }
}
