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
using Microsoft.Extensions.Logging.Abstractions;

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
                                      [--sink full|parse|none|all|LIST] [--fetch-wait-ms N]
        End-to-end rate from a Kafka topic (librdkafka mock cluster, in process) into the store while a producer
        streams the messages: alerts — Alertmanager webhooks of one alert each; metrics — Telegraf cpu metrics in
        line protocol, 10 samples per message, --hosts x 4 CPUs series (default 1,000). Default 1,000,000
        messages, 4 partitions, consumer batches of 2,000.
        --sink says where each stream ends, one stream per entry, in the order given (default all = full,parse,none):
        full — the service's path into the store; parse — the same consumer and parsers, the signals dropped;
        none — the same consumer, messages not parsed. parse and none show what the mock cluster, Confluent.Kafka
        and the parser carry on this machine beside the full path. Each stream reports its rate, CPU per unit and
        managed bytes allocated per unit (the producer's own share given apart).
        --fetch-wait-ms is the consumer's fetch.wait.max.ms (default 10; 0 to 300000): the mock broker holds a fetch
        that finds no data for all of it, where a Kafka broker answers as soon as data arrives. The environment
        variable Kafka__Settings__fetch.wait.max.ms (same range) overrides it, and the report names the value in force.
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
        var parse = MeasureParse(run);
        var results = new List<KafkaBenchResult>(run.Sinks.Count);
        foreach (var sink in run.Sinks)
        {
            // A cluster per stream: each starts from empty topics and a group that has never committed.
            using var cluster = new KafkaMockCluster();
            cluster.CreateTopic(Topic, run.Partitions);
            cluster.CreateTopic(Topic + "-dlq", 1);
            var data = Path.Combine(Path.GetTempPath(), "correlator-bench-kafka-" + Guid.NewGuid().ToString("N"));
            try
            {
                var result = sink == KafkaBenchSink.Full
                    ? await ConsumeAsync(run, cluster.BootstrapServers, data).ConfigureAwait(false)
                    : await ConsumeDiscardingAsync(run, sink, cluster.BootstrapServers).ConfigureAwait(false);
                await KafkaBenchReport.WriteAsync(output, run, result).ConfigureAwait(false);
                results.Add(result);
            }
            finally
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }
        }

        await KafkaBenchReport.WriteSummaryAsync(output, run, results, parse).ConfigureAwait(false);
        return results.TrueForAll(r => r.Processed == run.Messages) ? 0 : 1;
    }

    /// <summary>
    /// Units (alerts or samples) per second of the parser alone, one thread, on the bench's own payloads, and the
    /// bytes it allocated per unit.
    /// </summary>
    private static (double Rate, double AllocatedPerUnit) MeasureParse(KafkaBenchRun run)
    {
        int count = Math.Min(run.ParseSample, run.Messages);
        var payloads = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            payloads[i] = run.Payload(i);
        }

        long units = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
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

        double seconds = watch.Elapsed.TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return (units / seconds, (double)allocated / Math.Max(1, units));
    }

    /// <summary>The service's settings for one stream (environment variables such as <c>Kafka__MaxBatchesInFlight</c> override them).</summary>
    private static Dictionary<string, string?> Settings(KafkaBenchRun run, string bootstrap, string data, string? format = null)
    {
        var topics = run.Metrics ? "MetricTopics" : "AlertTopics";
        return new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Storage:DataDirectory"] = data,
            ["Pipeline:AdvanceWithClock"] = "false",
            ["Kafka:Enabled"] = "true",
            ["Kafka:BootstrapServers"] = bootstrap,
            ["Kafka:GroupId"] = "bench",
            [$"Kafka:{topics}:0:Name"] = Topic,
            [$"Kafka:{topics}:0:Format"] = format ?? (run.Metrics ? PayloadDecoders.LineProtocolFormat : AlertmanagerWebhookParser.FormatName),
            ["Kafka:DeadLetterTopic"] = Topic + "-dlq",
            ["Kafka:MaxBatchMessages"] = run.Batch.ToString(CultureInfo.InvariantCulture),
            ["Kafka:Settings:fetch.wait.max.ms"] = run.FetchWaitMs.ToString(CultureInfo.InvariantCulture),
            ["Detection:Bank:MaxSeries"] = Math.Max(200_000, run.Hosts * 4 * KafkaBenchPayloads.CpuFields.Length).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task<KafkaBenchResult> ConsumeAsync(KafkaBenchRun run, string bootstrap, string data)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings(run, bootstrap, data) });
        var store = await CorrelatorServices.OpenStoreAsync(builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, store);
        builder.Services.AddIngestionLimits(builder.Configuration);
        // The metric path reports its InfluxDB sink's health there (the sink is off in the bench).
        builder.Services.AddSingleton<Http.SourceHealth>();
        builder.Services.AddCorrelatorMetrics(builder.Configuration);
        builder.Services.AddCorrelatorKafka(builder.Configuration);
        using var host = builder.Build();
        var meter = KafkaBenchMeter.Start();
        await host.StartAsync().ConfigureAwait(false);
        var ingestor = host.Services.GetRequiredService<KafkaIngestionService>().Ingestor ?? throw new InvalidOperationException("Kafka did not start");
        var stream = await StreamAsync(run, bootstrap, ingestor, meter).ConfigureAwait(false);
        var metrics = host.Services.GetRequiredService<MetricPath>().Stats;
        var pipeline = host.Services.GetRequiredService<SignalPipeline>();
        var result = stream with
        {
            Commits = pipeline.BatchesCommitted,
            BankSamples = metrics.Samples,
            Anomalies = metrics.AnomaliesFired,
            Correlate = pipeline.Timings.Correlate,
            Commit = pipeline.Timings.Commit,
            CommittedSignals = pipeline.Timings.CommittedSignals,
        };
        await host.StopAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The same consumer (<see cref="KafkaIngestor"/>, the service's Kafka options and parsers) with a sink that drops
    /// what it is handed; for <see cref="KafkaBenchSink.None"/> the topic's format reads nothing either.
    /// </summary>
    private static async Task<KafkaBenchResult> ConsumeDiscardingAsync(KafkaBenchRun run, KafkaBenchSink sink, string bootstrap)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(Settings(run, bootstrap, data: string.Empty, sink == KafkaBenchSink.None ? KafkaBenchSkipDecoder.FormatName : null));
        configuration.AddEnvironmentVariables();
        var options = configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? throw new InvalidOperationException("No Kafka section");
        var decoders = new PayloadDecoders(
            configuration.GetSection(IngestionLimits.SectionName).Get<IngestionLimits>() ?? new IngestionLimits(),
            configuration.GetSection(LineProtocolLimits.SectionName).Get<LineProtocolLimits>() ?? new LineProtocolLimits());
        decoders.Add(new KafkaBenchSkipDecoder());
        var discard = new KafkaBenchDiscardSink();
        var meter = KafkaBenchMeter.Start();
        using var ingestor = new KafkaIngestor(options, decoders, discard, TimeProvider.System, NullLogger<KafkaIngestor>.Instance);
        ingestor.Start();
        var result = await StreamAsync(run, bootstrap, ingestor, meter).ConfigureAwait(false);
        await ingestor.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return result with { Sink = sink, Signals = discard.Signals, BankSamples = discard.Samples };
    }

    /// <summary>Streams the run's messages in while <paramref name="ingestor"/> consumes them; measured from <paramref name="meter"/>'s start.</summary>
    private static async Task<KafkaBenchResult> StreamAsync(KafkaBenchRun run, string bootstrap, KafkaIngestor ingestor, KafkaBenchMeter meter)
    {
        var producer = new KafkaBenchProducer(bootstrap, Topic, run.Partitions, run.Payload, run.PartitionOf);
        using var stop = new CancellationTokenSource();
        var producing = producer.RunAsync(run.Messages, run.MaxPayloadBytes, p => ingestor.AcknowledgedOffset(Topic, p) ?? 0, stop.Token);
        var (firstAt, stalled) = await WatchAsync(ingestor, run.Messages, meter.Watch, producer).ConfigureAwait(false);
        var (seconds, cpuSeconds, allocated) = meter.Stop();
        var processed = ingestor.MessagesProcessed;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await producing.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (processed < run.Messages)
        {
            // The run failed; the report says so.
        }

        return new KafkaBenchResult(
            seconds, firstAt, processed, ingestor.State, stalled, 0,
            producer.Bytes, producer.Produced, producer.Waits, ingestor.Timings, 0, 0, Environment.ProcessorCount, cpuSeconds)
        {
            AllocatedBytes = allocated,
            ProducerAllocatedBytes = producer.AllocatedBytes,
        };
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
