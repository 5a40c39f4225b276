using System.Globalization;
using System.Net;
using System.Text;
using Correlator.Kafka;
using Correlator.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Kafka;

/// <summary>The service consuming a real Kafka-protocol broker (librdkafka's mock cluster) into its store.</summary>
public sealed class KafkaIngestionTests
{
    private const string GenericEvent = """{"source":"zabbix","name":"Slow queries","severity":"major","time":"2026-03-02T10:00:05Z","resource":"db-1","service":"billing"}""";
    private const string CloudEvent = """{"specversion":"1.0","id":"e-1","source":"/probe","type":"probe.failed","time":"2026-03-02T10:00:06Z","subject":"lb-1","data":{"name":"Probe failed","service":"edge"}}""";

    [Fact]
    public async Task AlertTopic_EachFormatNamedByHeader_SignalsAndIncidentsInTheStore()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings());

        await bed.ProduceAsync(KafkaTestBed.Alert(1), "alertmanager");
        await bed.ProduceAsync(GenericEvent, "events");
        await bed.ProduceAsync(CloudEvent, "cloudevents");

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows == 3, "3 signals");
        Assert.Equal(3, await KafkaTestBed.IncidentsAsync(host.DataDirectory));
        Assert.Equal(["Alert1", "Probe failed", "Slow queries"], (await KafkaTestBed.NamesAsync(host.DataDirectory)).Order(StringComparer.Ordinal));
        var positions = await host.App.Services.GetRequiredService<SqliteStore>().GetPositionsAsync(TestContext.Current.CancellationToken);
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesProcessed == 3), "3 messages acknowledged");
        Assert.Equal("2", positions[KafkaIngestor.InputName("g", KafkaTestBed.Alerts, 0)]);
    }

    [Fact]
    public async Task AlertTopic_FormatAuto_DetectsEachFormat()
    {
        await using var bed = new KafkaTestBed(format: "auto");
        await using var host = await ServiceHost.StartAsync(bed.Settings());

        await bed.ProduceAsync(KafkaTestBed.Alert(1));
        await bed.ProduceAsync(GenericEvent);
        await bed.ProduceAsync(CloudEvent);

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows == 3, "3 signals");
        Assert.Equal(3, await KafkaTestBed.IncidentsAsync(host.DataDirectory));
    }

    [Fact]
    public async Task PoisonMessages_GoToTheDeadLetterTopicWithReasons_AndThePartitionKeepsFlowing()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:MaxMessageBytes=4000"));
        var badTime = KafkaTestBed.Alert(2).Replace("\"startsAt\":\"2026", "\"startsAt\":\"x2026", StringComparison.Ordinal);

        await bed.ProduceAsync(KafkaTestBed.Alert(1), "alertmanager");
        await bed.ProduceAsync("this is not json", "alertmanager");
        await bed.ProduceAsync(badTime, "alertmanager");
        await bed.ProduceAsync(KafkaTestBed.Alert(3), "nagios-xml");
        await bed.ProduceAsync(new string(' ', 5000) + KafkaTestBed.Alert(4), "alertmanager");
        await bed.ProduceAsync(KafkaTestBed.Alert(5), "alertmanager");

        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesProcessed == 6), "6 messages acknowledged");
        Assert.Equal(["Alert1", "Alert5"], (await KafkaTestBed.NamesAsync(host.DataDirectory)).Order(StringComparer.Ordinal));
        var letters = bed.ReadDeadLetters(expected: 4);
        Assert.Equal(4, letters.Count);
        Assert.All(letters, l => Assert.Equal(KafkaTestBed.Alerts, Header(l, "correlator-source-topic")));
        Assert.All(letters, l => Assert.Equal("0", Header(l, "correlator-source-partition")));
        Assert.Equal(["1", "2", "3", "4"], letters.Select(l => Header(l, "correlator-source-offset")));
        // Each letter keeps its own bytes, though the consumer reads every value into one reused buffer.
        Assert.Equal("this is not json", Encoding.UTF8.GetString(letters[0].Message.Value!));
        Assert.Equal(badTime, Encoding.UTF8.GetString(letters[1].Message.Value!));
        Assert.Equal(KafkaTestBed.Alert(3), Encoding.UTF8.GetString(letters[2].Message.Value!));
        Assert.Equal(new string(' ', 5000) + KafkaTestBed.Alert(4), Encoding.UTF8.GetString(letters[3].Message.Value!));
        Assert.Contains("startsAt", Header(letters[1], "correlator-error"), StringComparison.Ordinal);
        Assert.Contains("unknown format 'nagios-xml'", Header(letters[2], "correlator-error"), StringComparison.Ordinal);
        Assert.Contains("MaxMessageBytes", Header(letters[3], "correlator-error"), StringComparison.Ordinal);
        Assert.Equal("alertmanager", Header(letters[1], "correlator-format"));
        Assert.Equal(4, KafkaTestBed.Ingestor(host).MessagesDeadLettered);
    }

    [Fact]
    public async Task PoisonMessagesAcrossBatchesInFlight_DeadLettersKeepTheSourceOrder()
    {
        // Two messages a batch and many batches in flight: each batch sends its second letter only after the broker
        // acknowledged its first, and the next batch is dispatched meanwhile, so its first letter could overtake.
        const int Count = 24;
        await using var bed = new KafkaTestBed();
        for (int i = 0; i < Count; i++)
        {
            await bed.ProduceAsync("poison " + i.ToString(CultureInfo.InvariantCulture), "alertmanager");
        }

        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:MaxBatchMessages=2", "Kafka:MaxBatchesInFlight=16"));

        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesDeadLettered == Count), Count + " messages dead-lettered");
        var offsets = bed.ReadDeadLetters(expected: Count).Select(l => Header(l, "correlator-source-offset")).ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), offsets);
    }

    [Fact]
    public async Task ConsumerKilledAfterCommitBeforeOffsets_Restart_NoDuplicatesNothingMissing()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:MaxBatchMessages=7"));
        var first = KafkaTestBed.Ingestor(host);
        first.AfterBatchDurable = first.Crash;

        for (int i = 1; i <= 20; i++)
        {
            await bed.ProduceAsync(KafkaTestBed.Alert(i), "alertmanager");
        }

        await first.Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        // The crash comes after the first batch is durable; with Kafka:MaxBatchesInFlight 2 (the default) the next batch
        // may already be in the sink and durable too: at most two batches of 7 are stored, none of their offsets.
        var stored = await KafkaTestBed.SignalsAsync(host.DataDirectory);
        Assert.InRange(stored.Rows, 1, 14);
        Assert.Equal(0, first.MessagesProcessed);
        for (int i = 21; i <= 30; i++)
        {
            await bed.ProduceAsync(KafkaTestBed.Alert(i), "alertmanager");
        }

        await host.RestartAsync();
        var second = KafkaTestBed.Ingestor(host);

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows == 30, "30 signals after the restart");
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(second.MessagesProcessed + second.MessagesSkipped == 30), "30 messages acknowledged");
        Assert.Equal((30L, 30L), await KafkaTestBed.SignalsAsync(host.DataDirectory));
        Assert.Equal(stored.Rows, second.MessagesSkipped);
        Assert.Equal(1, await KafkaTestBed.IncidentsAsync(host.DataDirectory));
    }

    [Fact]
    public async Task BrokerDownForAWhile_ConsumptionResumes_NothingLost()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings());
        for (int i = 1; i <= 10; i++)
        {
            await bed.ProduceAsync(KafkaTestBed.Alert(i), "alertmanager");
        }

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows == 10, "10 signals before the outage");

        bed.Cluster.SetBrokerDown(1);
        var during = Task.Run(async () =>
        {
            for (int i = 11; i <= 20; i++)
            {
                await bed.ProduceAsync(KafkaTestBed.Alert(i), "alertmanager");
            }
        }, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(10, (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows);
        Assert.Equal(nameof(KafkaConsumerState.Running), KafkaTestBed.Ingestor(host).State.ToString());
        bed.Cluster.SetBrokerUp(1);
        await during;

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(host.DataDirectory)).Rows == 20, "20 signals after the outage");
        Assert.Equal((20L, 20L), await KafkaTestBed.SignalsAsync(host.DataDirectory));
    }

    [Fact]
    public async Task SinkStoppedForGood_ConsumptionStopsWithoutAcknowledging_AndHealthSays503()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings());
        await bed.ProduceAsync(KafkaTestBed.Alert(1), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesProcessed == 1), "the first message");

        await host.Pipeline.StopAsync(TestContext.Current.CancellationToken);
        await bed.ProduceAsync(KafkaTestBed.Alert(2), "alertmanager");
        var ingestor = KafkaTestBed.Ingestor(host);
        await ingestor.Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(KafkaConsumerState.Faulted, ingestor.State);
        Assert.Contains("correlation loop", ingestor.FaultReason, StringComparison.Ordinal);
        Assert.Equal(1, ingestor.MessagesProcessed);
        using var health = await host.Client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("Faulted", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupRefusesCommitsForGood_BatchesHeldBackThenFaulted_AndHealthSays503()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:CommitGateTimeout=00:00:03"));
        var ingestor = KafkaTestBed.Ingestor(host);
        await bed.ProduceAsync(KafkaTestBed.Alert(1), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(ingestor.MessagesProcessed == 1), "the first message");
        // Its offset commit follows the store commit at once; let it land before the broker starts refusing.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        // GROUP_AUTHORIZATION_FAILED on every offset commit from now on.
        bed.Cluster.PushRequestErrors(KafkaMockCluster.ApiOffsetCommit, Enumerable.Repeat(30, 5000).ToArray());
        await bed.ProduceAsync(KafkaTestBed.Alert(2), "alertmanager");
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(ingestor.MessagesProcessed == 2), "the second message (stored; its commit refused)");
        await bed.ProduceAsync(KafkaTestBed.Alert(3), "alertmanager");
        await ingestor.Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(KafkaConsumerState.Faulted, ingestor.State);
        Assert.Contains("CommitGateTimeout", ingestor.FaultReason, StringComparison.Ordinal);
        Assert.Equal(2, ingestor.MessagesProcessed);
        Assert.True(ingestor.MessagesHeldBack >= 1, $"held back: {ingestor.MessagesHeldBack}");
        Assert.Equal((2L, 2L), await KafkaTestBed.SignalsAsync(host.DataDirectory));
        using var health = await host.Client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    private static string Header(Confluent.Kafka.ConsumeResult<byte[]?, byte[]?> result, string name) =>
        Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));
}
