using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Ingestion;
using Correlator.Kafka;
using Correlator.Service.Composition;
using Correlator.Service.Kafka;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Configuration.Memory;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench kafka</c>: end-to-end alerts/s from a topic of librdkafka's in-process mock cluster into
/// the store (consumer, parse, correlation, commit, offset store), with realistic one-alert Alertmanager
/// webhooks; and, to say where the time goes, the single-thread parse rate of the same payloads.
/// </summary>
internal static class KafkaBenchmark
{
    public const string Usage = """
        Usage: correlator bench kafka [--messages N] [--partitions N] [--batch N] [--parse-sample N]
        End-to-end alerts/s from a Kafka topic (librdkafka mock cluster, in process) into the store, with
        Alertmanager webhooks of one alert each (default 1,000,000 messages, 4 partitions, batches of 2,000).
        """;

    private const string Topic = "bench-alerts";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        int messages = 1_000_000, partitions = 4, batch = 2_000, sample = 100_000;
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                await Console.Error.WriteLineAsync($"{args[i]} needs a positive whole number.{Environment.NewLine}{Usage}").ConfigureAwait(false);
                return 2;
            }

            switch (args[i++])
            {
                case "--messages": messages = value; break;
                case "--partitions": partitions = value; break;
                case "--batch": batch = value; break;
                case "--parse-sample": sample = value; break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown option {args[i - 1]}.{Environment.NewLine}{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        KafkaNativeLibrary.EnsureLoaded();
        var parseRate = MeasureParse(Math.Min(sample, messages));
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(Topic, partitions);
        cluster.CreateTopic(Topic + "-dlq", 1);
        var (produceSeconds, bytes) = Produce(cluster.BootstrapServers, messages);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Produced {messages:N0} messages ({bytes / messages:N0} bytes each on average) to {partitions} partitions in {produceSeconds:F1} s")).ConfigureAwait(false);

        var data = Path.Combine(Path.GetTempPath(), "correlator-bench-kafka-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (seconds, batches, processed, state) = await ConsumeAsync(cluster.BootstrapServers, data, messages, batch).ConfigureAwait(false);
            var rate = processed / seconds;
            var parseShare = Math.Min(1, rate / parseRate);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                Kafka → store: {processed:N0} alerts in {seconds:F1} s = {rate:N0} alerts/s (goal 100,000), consumer {state}
                  store commits: {batches:N0} (about {processed / Math.Max(1, batches):N0} alerts each)
                  parse alone (one thread, same payloads): {parseRate:N0} alerts/s, i.e. about {parseShare:P0} of the end-to-end time;
                  the rest is correlation + store commit + consumer overhead on the single correlation loop
                """)).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"bench\":\"kafka\",\"messages\":{processed},\"partitions\":{partitions},\"alerts_per_second\":{rate:F0},\"parse_alerts_per_second\":{parseRate:F0},\"seconds\":{seconds:F2},\"commits\":{batches}}}")).ConfigureAwait(false);
            return processed == messages ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>A realistic Alertmanager webhook (version 4) of one firing alert, unique to <paramref name="n"/>.</summary>
    public static byte[] Payload(int n)
    {
        var service = "svc-" + (n % 200).ToString(CultureInfo.InvariantCulture);
        var name = "Alert" + (n % 50).ToString(CultureInfo.InvariantCulture);
        var instance = "pod-" + n.ToString(CultureInfo.InvariantCulture);
        var time = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""
            {"receiver":"correlator","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"{{name}}","service":"{{service}}","instance":"{{instance}}:9100","job":"node","severity":"critical","namespace":"prod","cluster":"eu-west-1","team":"platform"},"annotations":{"summary":"{{name}} on {{instance}}","description":"{{name}} has been firing for more than 5 minutes on {{instance}} of {{service}}; see the runbook.","runbook_url":"https://runbooks.example.com/{{name}}"},"startsAt":"{{time}}","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus-0:9090/graph?g0.expr=up%3D%3D0&g0.tab=1","fingerprint":"{{n:x16}}"}],"groupLabels":{"alertname":"{{name}}"},"commonLabels":{"alertname":"{{name}}","service":"{{service}}","severity":"critical"},"commonAnnotations":{},"externalURL":"http://alertmanager-0:9093","version":"4","groupKey":"{}:{alertname=\"{{name}}\"}","truncatedAlerts":0}
            """));
    }

    private static double MeasureParse(int count)
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits());
        var payloads = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            payloads[i] = Payload(i);
        }

        var watch = Stopwatch.StartNew();
        long signals = 0;
        foreach (var payload in payloads)
        {
            signals += parser.Parse(payload, ParseContext.None).Signals.Count;
        }

        return signals / watch.Elapsed.TotalSeconds;
    }

    private static (double Seconds, long Bytes) Produce(string bootstrap, int messages)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 20, BatchSize = 1_000_000, QueueBufferingMaxMessages = 500_000, CompressionType = CompressionType.None };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        long bytes = 0;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < messages; i++)
        {
            var value = Payload(i);
            bytes += value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(Topic, new Message<byte[]?, byte[]> { Value = value }, r => { if (r.Error.IsError) { Interlocked.Increment(ref failures); } });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(5));
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} messages were not delivered to the mock cluster");
        }

        return (watch.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<(double Seconds, long Batches, long Processed, KafkaConsumerState State)> ConsumeAsync(string bootstrap, string data, int messages, int batch)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
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
                ["Kafka:AlertTopics:0:Name"] = Topic,
                ["Kafka:AlertTopics:0:Format"] = AlertmanagerWebhookParser.FormatName,
                ["Kafka:DeadLetterTopic"] = Topic + "-dlq",
                ["Kafka:MaxBatchMessages"] = batch.ToString(CultureInfo.InvariantCulture),
            },
        });
        var store = await CorrelatorServices.OpenStoreAsync(builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, store);
        builder.Services.AddIngestionLimits(builder.Configuration);
        builder.Services.AddCorrelatorKafka(builder.Configuration);
        using var host = builder.Build();
        var watch = Stopwatch.StartNew();
        await host.StartAsync().ConfigureAwait(false);
        var ingestor = host.Services.GetRequiredService<KafkaIngestionService>().Ingestor ?? throw new InvalidOperationException("Kafka did not start");
        var nextReport = TimeSpan.FromSeconds(5);
        while (ingestor.MessagesProcessed < messages && ingestor.State is KafkaConsumerState.Running or KafkaConsumerState.Starting)
        {
            await Task.Delay(50).ConfigureAwait(false);
            if (watch.Elapsed >= nextReport)
            {
                // Progress on stderr, so a slow or stalled run shows where it stands.
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:F0} s: {ingestor.MessagesProcessed:N0} alerts stored")).ConfigureAwait(false);
                nextReport += TimeSpan.FromSeconds(5);
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var processed = ingestor.MessagesProcessed;
        var state = ingestor.State;
        var batches = host.Services.GetRequiredService<SignalPipeline>().BatchesCommitted;
        await host.StopAsync().ConfigureAwait(false);
        return (seconds, batches, processed, state);
    }
}
