namespace Correlator.Service.Tests.Kafka;

/// <summary>
/// Two service instances in one consumer group, each with its own store (instances of the embedded mode do
/// not share a SQLite file: each runs its own correlation state). "None twice" then means: every message is
/// stored by exactly one instance, exactly once, and the union holds all of them.
/// </summary>
public sealed class KafkaRebalanceTests
{
    // Known exactly-once gap, not hidden: explicit commits retried on revoke made it rarer (10 passing local runs,
    // one passing fresh-clone CI run), but the next fresh-clone CI run on 2026-12-04 stored Alert48..Alert56 in both
    // instances. The cause is not confirmed (see docs/benchmarks.md, Kafka section, and issue 3's closing note).
    [Fact]
    public async Task SecondInstanceJoinsMidStream_EveryMessageStoredOnceAcrossTheInstances()
    {
        const int Total = 240;
        await using var bed = new KafkaTestBed(partitions: 4);
        await using var first = await ServiceHost.StartAsync(bed.Settings("Kafka:MaxBatchMessages=10", "Logging:LogLevel:Correlator.Kafka=Information"));
        for (int i = 1; i <= Total / 2; i++)
        {
            await bed.ProduceAsync(KafkaTestBed.Alert(i, service: "svc-" + (i % 7)), "alertmanager", partition: i % 4);
        }

        await KafkaTestBed.WaitUntilAsync(async () => (await KafkaTestBed.SignalsAsync(first.DataDirectory)).Rows > 0, "the first instance to start consuming");
        var producing = Task.Run(async () =>
        {
            for (int i = (Total / 2) + 1; i <= Total; i++)
            {
                await bed.ProduceAsync(KafkaTestBed.Alert(i, service: "svc-" + (i % 7)), "alertmanager", partition: i % 4);
                // A stream that lasts (about 6 s) while the group rebalances.
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        await using var second = await ServiceHost.StartAsync(bed.Settings("Kafka:MaxBatchMessages=10", "Logging:LogLevel:Correlator.Kafka=Information"));
        await producing;

        await KafkaTestBed.WaitUntilAsync(
            async () => (await KafkaTestBed.SignalsAsync(first.DataDirectory)).Rows + (await KafkaTestBed.SignalsAsync(second.DataDirectory)).Rows >= Total
                && KafkaTestBed.Ingestor(first).MessagesProcessed + KafkaTestBed.Ingestor(second).MessagesProcessed >= Total,
            "all messages stored by one instance or the other");
        // Anything processed twice would arrive a little later: give it the time.
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        var a = await KafkaTestBed.NamesAsync(first.DataDirectory);
        var b = await KafkaTestBed.NamesAsync(second.DataDirectory);
        Assert.NotEmpty(b);
        var twice = a.Intersect(b).ToList();
        Assert.True(twice.Count == 0, "stored by both instances: " + string.Join(", ", twice.Select(n => $"{n} (partition {int.Parse(n[5..], System.Globalization.CultureInfo.InvariantCulture) % 4})")));
        Assert.Equal(Enumerable.Range(1, Total).Select(i => "Alert" + i).Order(StringComparer.Ordinal), a.Concat(b).Order(StringComparer.Ordinal));
        Assert.Equal(Total, (await KafkaTestBed.SignalsAsync(first.DataDirectory)).Occurrences + (await KafkaTestBed.SignalsAsync(second.DataDirectory)).Occurrences);
    }
}
