using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Service.Tests.Kafka;

/// <summary>The <c>kafka</c> publishing target: incident events from the outbox to an output topic, each once.</summary>
public sealed class KafkaOutputTopicTests
{
    private const string Output = "incidents";

    [Fact]
    public async Task IncidentOpenedThenUpdated_BrokerDownBetween_EachEventOnTheOutputTopicExactlyOnceKeyedByIncident()
    {
        await using var bed = new KafkaTestBed();
        bed.Cluster.CreateTopic(Output, 3);
        var settings = bed.Settings(
            "Publishing:Targets:out:Type=kafka",
            "Publishing:Targets:out:Kafka:BootstrapServers=" + bed.Cluster.BootstrapServers,
            "Publishing:Targets:out:Kafka:Topic=" + Output,
            "Publishing:Publisher:RetryBaseDelay=00:00:00.100",
            "Publishing:Publisher:PollInterval=00:00:00.200");
        await using var host = await ServiceHost.StartAsync(settings);

        // Opened; then, with the broker down, a second signal attached (an update) waits for it.
        await bed.ProduceAsync(KafkaTestBed.Alert(1), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory) is (0, >= 1), "the opening delivered");
        bed.Cluster.SetBrokerDown(1);
        var updating = bed.ProduceAsync(KafkaTestBed.Alert(2), "alertmanager");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        bed.Cluster.SetBrokerUp(1);
        await updating;
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory, "incident.signals") is (0, 1), "the update delivered");
        await host.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var (pending, done) = await PendingAsync(host.DataDirectory);
        var events = Read(bed.Cluster.BootstrapServers, expected: (int)done);
        Assert.Equal(0, pending);
        Assert.Equal(done, events.Count);
        Assert.Equal(events.Count, events.Select(e => Header(e, "correlator-event-id")).Distinct(StringComparer.Ordinal).Count());
        var kinds = events.Select(e => Header(e, "correlator-event-kind")).ToList();
        Assert.Equal("incident.opened", kinds[0]);
        Assert.Contains("incident.signals", kinds);
        var body = JsonDocument.Parse(events[^1].Message.Value).RootElement;
        var incidentId = body.GetProperty("data").GetProperty("incidentId").GetInt64();
        Assert.All(events, e => Assert.Equal(incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message.Key));
        Assert.Single(events.Select(e => e.Partition.Value).Distinct());
        Assert.Equal(Header(events[^1], "correlator-event-id"), body.GetProperty("id").GetString());
    }

    /// <summary>Outbox rows of the target (of one kind, when given) not yet delivered, and delivered.</summary>
    private static async Task<(long Pending, long Done)> PendingAsync(string dataDirectory, string? kind = null)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "correlator.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(status <> 'done'), 0), COALESCE(SUM(status = 'done'), 0) FROM outbox WHERE target = 'out' AND ($kind IS NULL OR kind = $kind)";
        command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Everything on the output topic, in partition order (one incident: one partition), looking a little past the expected count.</summary>
    private static List<ConsumeResult<string, byte[]>> Read(string bootstrap, int expected)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(Output);
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = Environment.TickCount64 + 20_000;
        while (results.Count < expected && Environment.TickCount64 < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        while (consumer.Consume(TimeSpan.FromMilliseconds(1000)) is { Message: not null } extra)
        {
            results.Add(extra);
        }

        consumer.Close();
        return [.. results.OrderBy(r => r.Offset.Value)];
    }

    private static string Header(ConsumeResult<string, byte[]> result, string name) =>
        Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));
}
