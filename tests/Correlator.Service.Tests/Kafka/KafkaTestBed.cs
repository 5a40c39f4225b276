using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Service.Kafka;
using Correlator.Testing;
using Correlator.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Kafka;

/// <summary>A mock Kafka cluster with an alert topic and a dead-letter topic, and services consuming them.</summary>
internal sealed class KafkaTestBed : IAsyncDisposable
{
    public const string Alerts = "alerts";
    public const string DeadLetters = "alerts-dlq";
    public const string Metrics = "metrics";

    private readonly IProducer<byte[]?, byte[]?> _producer;

    public KafkaTestBed(int partitions = 1, string format = "header")
    {
        Cluster = new KafkaMockCluster();
        Cluster.CreateTopic(Alerts, partitions);
        Cluster.CreateTopic(DeadLetters, 1);
        Cluster.CreateTopic(Metrics, 1);
        Format = format;
        _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, LingerMs = 1 }).Build();
    }

    public KafkaMockCluster Cluster { get; }

    public string Format { get; }

    /// <summary>The settings of a service consuming the alert topic in group <c>g</c>.</summary>
    public string[] Settings(params string[] more) =>
    [
        "Kafka:Enabled=true",
        "Kafka:BootstrapServers=" + Cluster.BootstrapServers,
        "Kafka:GroupId=g",
        "Kafka:AlertTopics:0:Name=" + Alerts,
        "Kafka:AlertTopics:0:Format=" + Format,
        "Kafka:DeadLetterTopic=" + DeadLetters,
        "Kafka:PollTimeout=00:00:00.050",
        "Kafka:RetryBaseDelay=00:00:00.050",
        "Kafka:RetryMaxDelay=00:00:01",
        // A crashed member is noticed after this long (the broker's default would be 45 s).
        "Kafka:Settings:session.timeout.ms=6000",
        "Kafka:Settings:heartbeat.interval.ms=500",
        .. more,
    ];

    public Task ProduceAsync(string value, string? format = null, int? partition = null) => ProduceToAsync(Alerts, value, format, partition);

    public async Task ProduceToAsync(string topic, string value, string? format = null, int? partition = null)
    {
        var message = new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes(value), Headers = [] };
        if (format is not null)
        {
            message.Headers.Add("correlator-format", Encoding.UTF8.GetBytes(format));
        }

        var ct = TestContext.Current.CancellationToken;
        _ = partition is { } p
            ? await _producer.ProduceAsync(new TopicPartition(topic, p), message, ct)
            : await _producer.ProduceAsync(topic, message, ct);
    }

    /// <summary>An Alertmanager webhook with one firing alert unique to <paramref name="n"/>.</summary>
    public static string Alert(int n, string service = "checkout") =>
        Payloads.Alertmanager(($"Alert{n}", service, $"pod-{n}", Some.At(n), null, "critical"));

    /// <summary>Signal rows and the sum of their occurrence counts (a re-delivery stored twice raises the sum).</summary>
    public static async Task<(long Rows, long Occurrences)> SignalsAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "correlator.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(occurrences), 0) FROM signals";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task<long> IncidentsAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "correlator.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM incidents";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The alert names stored (each test message has its own).</summary>
    public static async Task<List<string>> NamesAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "correlator.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM signals";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Polls until the condition holds (or fails after the timeout, saying what was awaited).</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60) =>
        WaitUntilAsync(condition, what, explain: null, seconds);

    /// <summary>Waits for <paramref name="condition"/>; on timeout the failure names <paramref name="what"/> and, if given, what <paramref name="explain"/> says of the state then.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? explain, int seconds = 60)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000L);
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}" + (explain is null ? string.Empty : ": " + await explain()));
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The consumer's state and counters, for failure messages.</summary>
    public static string Describe(ServiceHost host)
    {
        var ingestor = Ingestor(host);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ingestor.State} (processed {ingestor.MessagesProcessed}, skipped {ingestor.MessagesSkipped}, held back {ingestor.MessagesHeldBack}, partitions handed over uncommitted {ingestor.PartitionsHandedOverUncommitted}{(ingestor.FaultReason is null ? string.Empty : ", fault: " + ingestor.FaultReason)})");
    }

    public static Correlator.Kafka.KafkaIngestor Ingestor(ServiceHost host) =>
        host.App.Services.GetRequiredService<KafkaIngestionService>().Ingestor ?? throw new InvalidOperationException("Kafka is off in this host");

    /// <summary>Reads everything on the dead-letter topic.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadDeadLetters(int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "dlq-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(DeadLetters);
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = Environment.TickCount64 + 20_000;
        while (results.Count < expected && Environment.TickCount64 < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        // Anything beyond the expected count would be a duplicate: look a little longer.
        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null } extra)
        {
            results.Add(extra);
        }

        consumer.Close();
        return results;
    }

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        Cluster.Dispose();
        return ValueTask.CompletedTask;
    }
}
