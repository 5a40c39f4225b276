using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Correlator.Kafka.Tests;

/// <summary>
/// The double-buffered consumer (<c>Kafka:MaxBatchesInFlight</c>) against the mock cluster and an in-memory sink:
/// offsets never pass a batch that is not durable, and a partition is not handed over while a batch of it is in flight.
/// </summary>
public sealed class KafkaIngestorInFlightTests
{
    private const string DeadLetters = "in-flight-dlq";

    [Fact]
    public async Task SecondBatchFailsAfterTheFirstIsDurable_OnlyTheFirstBatchIsCommitted_TheRestIsReadAgainAfterRestart()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("metrics-a", partitions: 1);
        cluster.CreateTopic(DeadLetters, partitions: 1);
        await ProduceAsync(cluster, "metrics-a", partition: 0, from: 0, count: 30);
        var store = new MemoryStore();
        var secondArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool overlapped = false;
        int firstBatch = 0;
        var failing = new MemorySink(store)
        {
            Before = async (call, submission, ct) =>
            {
                if (call == 1)
                {
                    // Up to MaxBatchMessages (10): a batch also ends when a poll finds nothing fetched yet, which a
                    // loaded machine can make happen sooner.
                    firstBatch = submission.Samples.Count;
                    // Batch N stays in flight until batch N+1 reaches the sink: both are in flight at once.
                    await secondArrived.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
                    overlapped = true;
                }
                else
                {
                    secondArrived.TrySetResult();
                    Assert.NotNull(submission.After);
                    await submission.After.WaitDurableAsync(ct);
                    throw new SinkStoppedException("injected: the store refuses batch N+1");
                }
            },
        };

        var options = Options(cluster, "g-fail", "metrics-a");
        using (var first = new KafkaIngestor(options, Decoders(), failing, TimeProvider.System, NullLogger<KafkaIngestor>.Instance))
        {
            first.Start();
            await first.Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.Equal(KafkaConsumerState.Faulted, first.State);
            Assert.Contains("injected", first.FaultReason, StringComparison.Ordinal);
            Assert.InRange(firstBatch, 1, 10);
            Assert.Equal(firstBatch, first.MessagesProcessed);
        }

        Assert.True(overlapped, "batch N+1 never reached the sink while batch N was in flight");
        Assert.Equal(Enumerable.Range(0, firstBatch), store.Values());
        Assert.Equal((firstBatch - 1).ToString(CultureInfo.InvariantCulture), store.Positions[KafkaIngestor.InputName("g-fail", "metrics-a", 0)]);
        Assert.Equal(firstBatch, Committed(cluster, "g-fail", "metrics-a", 0));

        var healthy = new MemorySink(store);
        using var second = new KafkaIngestor(options, Decoders(), healthy, TimeProvider.System, NullLogger<KafkaIngestor>.Instance);
        second.Start();
        await WaitUntilAsync(() => store.Count == 30, "the messages after the first batch");
        await second.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 30), store.Values());
        Assert.Equal(30 - firstBatch, second.MessagesProcessed);
        Assert.Equal(0, second.MessagesSkipped);
        Assert.Equal(30, Committed(cluster, "g-fail", "metrics-a", 0));
    }

    [Fact]
    public async Task PartitionRevokedWhileItsBatchIsInFlight_TheBatchEndsBeforeTheNextOwnerReadsIt_NothingTwiceNothingMissing()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("metrics-b", partitions: 2);
        cluster.CreateTopic(DeadLetters, partitions: 1);
        await ProduceAsync(cluster, "metrics-b", partition: 0, from: 0, count: 20);
        await ProduceAsync(cluster, "metrics-b", partition: 1, from: 1000, count: 20);
        var store = new MemoryStore();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new MemorySink(store) { Before = (_, _, ct) => release.Task.WaitAsync(ct) };
        var other = new MemorySink(store);
        var log = new RevokeWatch();
        // Room for more batches in flight than the first wave can ever take: a consumer with all its slots taken waits
        // for the oldest batch and does not poll, so it would not see the rebalance and the test would wait for a
        // revocation that cannot come. With a batch in flight the next batch is only what is fetched already: here the
        // first wave came as {p0: 1, p1: 1} then {p0: 19, p1: 19}, and a loaded machine can split each by partition,
        // four batches that took all of the 4 slots this test once had (the likely cause of a CI timeout). One batch
        // per message, the most there can be, still leaves a slot free out of 64.
        const int firstWave = 40;
        var options = Options(cluster, "g-revoke", "metrics-b", batch: 100, inFlight: 64);

        using var first = new KafkaIngestor(options, Decoders(), held, TimeProvider.System, log);
        first.Start();
        await WaitUntilAsync(() => held.Calls >= 2, "the first member's batches in flight");
        var otherLog = new RevokeWatch();
        using var second = new KafkaIngestor(options, Decoders(), other, TimeProvider.System, otherLog);
        second.Start();
        await Task.WhenAny(log.Revoked.Task, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.True(
            log.Revoked.Task.IsCompleted,
            $"the first member saw no revocation within 60 s after the second started; sink calls held: {held.Calls}; first member: {first.State}, its log: {log.Events}; second member: {second.State}, its log: {otherLog.Events}");

        // Had the revocation let the partition go with its batch still in flight, the second member would take it
        // (the mock's rebalance timer gives it the partition within about 5 s), find no position in the store for it
        // and process the same messages again meanwhile.
        await Task.WhenAny(otherLog.Assigned.Task, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.False(otherLog.Assigned.Task.IsCompleted, "the partition was handed over while its batch was in flight");
        Assert.Equal(0, other.Calls);
        Assert.Equal(0, store.Count);
        release.TrySetResult();

        await WaitUntilAsync(() => store.Count == firstWave, "the first wave stored");
        // The second wave: the partition that moved can only be read by the second member now.
        await ProduceAsync(cluster, "metrics-b", partition: 0, from: 20, count: 20);
        await ProduceAsync(cluster, "metrics-b", partition: 1, from: 1020, count: 20);
        await WaitUntilAsync(() => store.Count == 80, "the second wave stored");
        await first.StopAsync(TestContext.Current.CancellationToken);
        await second.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 40).Concat(Enumerable.Range(1000, 40)), store.Values());
        Assert.True(other.Calls > 0, "the second member never processed anything of the partition it took over");
        Assert.Equal(KafkaConsumerState.Stopped, first.State);
        Assert.Equal(KafkaConsumerState.Stopped, second.State);
    }

    [Fact]
    public async Task MessagesDecoded_TimingsCountPollAndDecode_TogetherWithinTheRunsWallTime()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("metrics-t", partitions: 1);
        cluster.CreateTopic(DeadLetters, partitions: 1);
        await ProduceAsync(cluster, "metrics-t", partition: 0, from: 0, count: 30);
        var store = new MemoryStore();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        using (var ingestor = new KafkaIngestor(Options(cluster, "g-timings", "metrics-t"), Decoders(), new MemorySink(store), TimeProvider.System, NullLogger<KafkaIngestor>.Instance))
        {
            ingestor.Start();
            await WaitUntilAsync(() => store.Count == 30, "the 30 messages");
            await ingestor.StopAsync(TestContext.Current.CancellationToken);
            var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);

            // The poll and decode intervals share their boundaries on one thread: each is counted once.
            var timings = ingestor.Timings;
            Assert.True(timings.Consume > TimeSpan.Zero, "no time counted in poll");
            Assert.True(timings.Decode > TimeSpan.Zero, "no time counted in decoding");
            Assert.True(timings.Consume + timings.Decode <= wall, $"poll {timings.Consume} + decode {timings.Decode} > wall {wall}");
        }
    }

    [Fact]
    public void Validate_MaxBatchesInFlightOutOfRange_NamesTheKey()
    {
        var options = new KafkaOptions
        {
            Enabled = true,
            BootstrapServers = "127.0.0.1:1",
            DeadLetterTopic = "d",
            MetricTopics = [new KafkaTopicOptions { Name = "m", Format = PayloadDecoders.LineProtocolFormat }],
            MaxBatchesInFlight = 0,
        };

        Assert.Contains(options.Validate(Decoders().Formats), e => e.Contains("Kafka:MaxBatchesInFlight", StringComparison.Ordinal));
    }

    private static KafkaOptions Options(KafkaMockCluster cluster, string group, string topic, int batch = 10, int inFlight = 2) => new()
    {
        Enabled = true,
        BootstrapServers = cluster.BootstrapServers,
        GroupId = group,
        MetricTopics = [new KafkaTopicOptions { Name = topic, Format = PayloadDecoders.LineProtocolFormat }],
        DeadLetterTopic = DeadLetters,
        MaxBatchMessages = batch,
        MaxBatchesInFlight = inFlight,
        PollTimeout = TimeSpan.FromMilliseconds(50),
        MaxRetryAttempts = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["session.timeout.ms"] = "6000",
            ["heartbeat.interval.ms"] = "500",
        },
    };

    private static PayloadDecoders Decoders() => new(new IngestionLimits());

    private static async Task ProduceAsync(KafkaMockCluster cluster, string topic, int partition, int from, int count)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 1 }).Build();
        for (int i = from; i < from + count; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"load,host=h{i % 7} v={i} {1_764_000_000L + i}000000000");
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(line) }, TestContext.Current.CancellationToken);
        }
    }

    private static long Committed(KafkaMockCluster cluster, string group, string topic, int partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group }).Build();
        return consumer.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000L);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>What a store holds: sample values (each message's <c>v</c>) and input positions, written together.</summary>
    private sealed class MemoryStore
    {
        private readonly List<int> _values = [];

        public ConcurrentDictionary<string, string> Positions { get; } = new(StringComparer.Ordinal);

        public int Count
        {
            get
            {
                lock (_values)
                {
                    return _values.Count;
                }
            }
        }

        public List<int> Values()
        {
            lock (_values)
            {
                return [.. _values.Order()];
            }
        }

        public void Write(SinkSubmission submission)
        {
            lock (_values)
            {
                _values.AddRange(submission.Samples.Select(s => (int)s.Value));
                Positions[submission.Input] = submission.Position;
            }
        }
    }

    /// <summary>A sink without an ordered queue: a submission tied to one still in flight waits until that one is durable.</summary>
    private sealed class MemorySink(MemoryStore store) : ISignalSink
    {
        private int _calls;

        public Func<int, SinkSubmission, CancellationToken, Task>? Before { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(store.Positions, StringComparer.Ordinal));

        public async Task SubmitAsync(SinkSubmission submission, CancellationToken cancellationToken)
        {
            int call = Interlocked.Increment(ref _calls);
            try
            {
                if (Before is not null)
                {
                    await Before(call, submission, cancellationToken);
                }

                if (submission.After is not null)
                {
                    await submission.After.WaitDurableAsync(cancellationToken);
                }

                store.Write(submission);
                submission.Link.MarkDurable();
            }
            catch
            {
                submission.Link.MarkFailed();
                throw;
            }
        }
    }

    /// <summary>Signals when the consumer logs a revocation (event 3008) or an assignment (3007) of at least one partition.</summary>
    private sealed class RevokeWatch : ILogger<KafkaIngestor>
    {
        private readonly List<string> _events = [];

        public TaskCompletionSource Revoked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Assigned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        /// <summary>The rebalance and failure events logged so far (3002 ended, 3003 faulted, 3005 broker error, 3007 assigned, 3008 revoked, 3009 lost, 3011 commit failed, 3013/3014 handed over uncommitted), in order, for failure messages.</summary>
        public string Events
        {
            get
            {
                lock (_events)
                {
                    return _events.Count == 0 ? "(none)" : string.Join(" | ", _events);
                }
            }
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (eventId.Id is 3002 or 3003 or 3005 or 3007 or 3008 or 3009 or 3011 or 3013 or 3014)
            {
                lock (_events)
                {
                    _events.Add(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {eventId.Id} {text}"));
                }
            }

            bool some = !text.TrimEnd().EndsWith(':');
            if (eventId.Id == 3008 && some)
            {
                Revoked.TrySetResult();
            }

            if (eventId.Id == 3007 && some)
            {
                Assigned.TrySetResult();
            }
        }
    }
}
