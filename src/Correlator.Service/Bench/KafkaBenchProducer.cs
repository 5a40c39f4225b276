using System.Diagnostics;
using Confluent.Kafka;

namespace Correlator.Service.Bench;

/// <summary>
/// Produces the bench's stream while the service consumes it, never more than a bounded lag ahead of what the
/// consumer has made durable in each partition. librdkafka's mock broker keeps only the last 5 MiB (and
/// 100,000 message sets) of each partition and silently drops older data; a producer running further ahead
/// than that loses messages before they are read, which is what stalled this bench at ~17,000 of 20,000.
/// </summary>
internal sealed class KafkaBenchProducer
{
    /// <summary>The part of the mock's 5 MiB per-partition log the unread messages may use (room for record overhead).</summary>
    public const long LagBudgetBytes = 3L * 1024 * 1024;

    private readonly string _bootstrap;
    private readonly string _topic;
    private readonly int _partitions;
    private readonly Func<int, byte[]> _payload;
    private readonly Func<int, int> _partitionOf;
    private long _produced;
    private long _bytes;
    private long _waits;
    private int _producerThread;
    private long _reportThreadFirst = -1;
    private long _reportThreadLast = -1;

    /// <param name="partitionOf">The partition of message n (a metric series stays in one partition, so in order).</param>
    public KafkaBenchProducer(string bootstrap, string topic, int partitions, Func<int, byte[]> payload, Func<int, int> partitionOf)
    {
        _partitionOf = partitionOf;
        _bootstrap = bootstrap;
        _topic = topic;
        _partitions = partitions;
        _payload = payload;
    }

    public long Produced => Interlocked.Read(ref _produced);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>How often the producer waited for the consumer (a measure of how far ahead it ran).</summary>
    public long Waits => Interlocked.Read(ref _waits);

    public double Seconds { get; private set; }

    /// <summary>Bytes the producer's thread allocated (payloads, Confluent's message objects), once it has ended.</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>
    /// Produces <paramref name="messages"/> over the partitions; <paramref name="acknowledged"/>
    /// gives, per partition, the offset after the consumer's last durable message (0 before it has any).
    /// </summary>
    public Task RunAsync(int messages, int maxPayloadBytes, Func<int, long> acknowledged, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(messages, maxPayloadBytes, acknowledged, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(int messages, int maxPayloadBytes, Func<int, long> acknowledged, CancellationToken cancellationToken)
    {
        _producerThread = Environment.CurrentManagedThreadId;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Produce(messages, maxPayloadBytes, acknowledged, cancellationToken);
        }
        finally
        {
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocated + (_reportThreadLast - _reportThreadFirst);
        }
    }

    /// <summary>
    /// Confluent calls the delivery handlers on a poll thread of the producer's own (and, in Flush, on the producing
    /// thread): what that poll thread allocates (a report per message) is the producer's too. Readings of its counter
    /// at the first and the latest report.
    /// </summary>
    private void TrackReportThread()
    {
        if (Environment.CurrentManagedThreadId == _producerThread)
        {
            // Flush serves the last reports on the producer's own thread, whose allocations are counted already.
            return;
        }

        long now = GC.GetAllocatedBytesForCurrentThread();
        if (_reportThreadFirst < 0)
        {
            _reportThreadFirst = now;
        }

        _reportThreadLast = now;
    }

    private void Produce(int messages, int maxPayloadBytes, Func<int, long> acknowledged, CancellationToken cancellationToken)
    {
        long budget = Math.Max(1, LagBudgetBytes / maxPayloadBytes);
        var config = new ProducerConfig
        {
            BootstrapServers = _bootstrap,
            LingerMs = 5,
            BatchSize = 256 * 1024,
            QueueBufferingMaxMessages = 500_000,
            CompressionType = CompressionType.None,
        };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        var next = new long[_partitions];
        var failures = 0;
        string? firstFailure = null;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < messages; i++)
        {
            int partition = _partitionOf(i);
            while (next[partition] - acknowledged(partition) >= budget)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _waits);
                // Serves delivery reports while it waits (and sends what lingers).
                producer.Poll(TimeSpan.FromMilliseconds(2));
            }

            var value = _payload(i);
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(_topic, partition), new Message<byte[]?, byte[]> { Value = value }, report =>
                    {
                        if (report.Error.IsError && Interlocked.Increment(ref failures) == 1)
                        {
                            firstFailure = report.Error.Reason;
                        }

                        TrackReportThread();
                    });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }

            next[partition]++;
            Interlocked.Increment(ref _produced);
            Interlocked.Add(ref _bytes, value.Length);
        }

        producer.Flush(TimeSpan.FromMinutes(5));
        Seconds = watch.Elapsed.TotalSeconds;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} messages were not delivered to the mock cluster (first: {firstFailure})");
        }
    }
}
