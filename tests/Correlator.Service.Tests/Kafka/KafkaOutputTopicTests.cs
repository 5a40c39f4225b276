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

    /// <summary>
    /// An incident's whole life through Kafka: opened by one alert, updated by a second, resolved once both are
    /// resolved and event time has moved past <c>Correlation:QuietPeriod</c>. Event time moves only with the
    /// signals (the test host runs without the clock ticker), so a later alert of another service carries it
    /// past the quiet period — without it the incident never resolves, which is why a test that stopped after
    /// the resolved notifications waited in vain.
    /// </summary>
    [Fact]
    public async Task IncidentOpenedUpdatedResolved_EachEventOnTheOutputTopicExactlyOnceKeyedByIncident()
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

        // Each change its own batch (messages taken in one batch are one change: opened with both signals).
        await bed.ProduceAsync(Payloads.Alertmanager(("DiskFull", "checkout", "pod-1", Some.At(1), null, "critical")), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory, "incident.opened") is (0, 1), "the opening delivered");
        await bed.ProduceAsync(Payloads.Alertmanager(("HighLatency", "checkout", "pod-2", Some.At(5), null, "critical")), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory, "incident.signals") is (0, 1), "the update delivered");
        await bed.ProduceAsync(
            Payloads.Alertmanager(("DiskFull", "checkout", "pod-1", Some.At(1), Some.At(20), "critical"), ("HighLatency", "checkout", "pod-2", Some.At(5), Some.At(20), "critical")),
            "alertmanager");
        await KafkaTestBed.WaitUntilAsync(async () => await KafkaTestBed.SignalsAsync(host.DataDirectory) is { Rows: 2 } && await PendingAsync(host.DataDirectory) is (0, > 0), "both signals stored and their events delivered");
        Assert.Equal((0, 0), await PendingAsync(host.DataDirectory, "incident.resolved"));

        // Another service's alert ten minutes of event time later: the quiet period (2 minutes) has passed.
        await bed.ProduceAsync(Payloads.Alertmanager(("CpuHigh", "billing", "pod-9", Some.At(620), null, "warning")), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory, "incident.resolved") is (0, 1), "the resolution delivered");
        await KafkaTestBed.WaitUntilAsync(async () => await PendingAsync(host.DataDirectory) is (0, _), "every event delivered");

        var (_, done) = await PendingAsync(host.DataDirectory);
        var events = Read(bed.Cluster.BootstrapServers, expected: (int)done);
        Assert.Equal(done, events.Count);
        Assert.Equal(events.Count, events.Select(e => Header(e, "correlator-event-id")).Distinct(StringComparer.Ordinal).Count());
        var byIncident = events.GroupBy(e => e.Message.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(2, byIncident.Count);
        var checkout = byIncident.Values.Single(list => list.Any(e => Header(e, "correlator-event-kind") == "incident.resolved"));
        var kinds = checkout.Select(e => Header(e, "correlator-event-kind")).ToList();
        Assert.Equal("incident.opened", kinds[0]);
        Assert.Equal("incident.resolved", kinds[^1]);
        Assert.Single(kinds, k => k == "incident.opened");
        Assert.Single(kinds, k => k == "incident.resolved");
        Assert.True(kinds.Contains("incident.signals"), "kinds: " + string.Join(", ", kinds));
        Assert.Single(checkout.Select(e => e.Partition.Value).Distinct());
        foreach (var e in checkout)
        {
            var data = JsonDocument.Parse(e.Message.Value).RootElement.GetProperty("data");
            Assert.Equal(e.Message.Key, data.GetProperty("incidentId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var billing = byIncident.Values.Single(list => list != checkout);
        Assert.Equal("incident.opened", Header(billing[0], "correlator-event-kind"));
        Assert.DoesNotContain(billing, e => Header(e, "correlator-event-kind") == "incident.resolved");
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
