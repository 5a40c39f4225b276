using System.Text;
using Confluent.Kafka;

namespace Correlator.Kafka.Tests;

public sealed class KafkaMockClusterTests
{
    [Fact]
    public async Task CreateTopic_ThenProduceAndConsume_RoundTripsThroughTheMockBroker()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("round-trip", partitions: 3);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (int i = 0; i < 6; i++)
            {
                await producer.ProduceAsync(new TopicPartition("round-trip", i % 3), new Message<byte[], byte[]> { Key = [], Value = Encoding.UTF8.GetBytes("m" + i) }, TestContext.Current.CancellationToken);
            }
        }

        var received = ConsumeAll(cluster.BootstrapServers, "round-trip", expected: 6);

        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], received.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetBrokerDown_ThenUp_DeliveryWaitsAndThenSucceeds()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("down-up", partitions: 1);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageTimeoutMs = 30_000 }).Build();
        await producer.ProduceAsync("down-up", new Message<byte[], byte[]> { Key = [], Value = "before"u8.ToArray() }, TestContext.Current.CancellationToken);

        cluster.SetBrokerDown(1);
        var pending = producer.ProduceAsync("down-up", new Message<byte[], byte[]> { Key = [], Value = "during"u8.ToArray() }, TestContext.Current.CancellationToken);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.False(pending.IsCompleted, "delivery completed while the only broker was down");
        cluster.SetBrokerUp(1);
        var result = await pending;

        Assert.Equal(PersistenceStatus.Persisted, result.Status);
        Assert.Equal(1, result.Offset.Value);
    }

    [Fact]
    public async Task PushRequestErrors_OnProduce_TheClientSeesTheInjectedError()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("errors", partitions: 1);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageSendMaxRetries = 0 }).Build();
        await producer.ProduceAsync("errors", new Message<byte[], byte[]> { Key = [], Value = "warm-up"u8.ToArray() }, TestContext.Current.CancellationToken);

        // 87 = INVALID_RECORD: not retriable, so it reaches the caller.
        cluster.PushRequestErrors(KafkaMockCluster.ApiProduce, 87);
        var error = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() =>
            producer.ProduceAsync("errors", new Message<byte[], byte[]> { Key = [], Value = "x"u8.ToArray() }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.InvalidRecord, error.Error.Code);
    }

    private static List<string> ConsumeAll(string bootstrap, string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "g-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var received = new List<string>();
        var deadline = Environment.TickCount64 + 30_000;
        while (received.Count < expected && Environment.TickCount64 < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message)
            {
                received.Add(Encoding.UTF8.GetString(message.Value));
            }
        }

        consumer.Close();
        return received;
    }
}
