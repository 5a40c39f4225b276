using System.Diagnostics;
using Confluent.Kafka;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    /// <summary>Batches handed to the sink, oldest first; their offsets are stored in this order only.</summary>
    private readonly Queue<InFlightBatch> _inFlight = new();

    /// <summary>Per partition, the newest submission in flight: the next batch's submission of the partition follows it.</summary>
    private readonly Dictionary<TopicPartition, (SubmissionLink Link, Task Done)> _tails = [];

    /// <summary>The newest batch's dead-letter sends: the next batch's dead letters follow them.</summary>
    private Task _lettersTail = Task.CompletedTask;

    /// <summary>A batch failed (or the consumer crashed): no offset of it or of any batch behind it may be stored.</summary>
    private bool _halted;

    /// <summary>
    /// Finishes the batches at the head of the queue that the sink has ended, in order. Blocks for the head while
    /// <see cref="KafkaOptions.MaxBatchesInFlight"/> batches are in flight. False when consumption must stop.
    /// </summary>
    private bool Retire(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer)
    {
        while (_inFlight.Count > 0 && !_halted)
        {
            var head = _inFlight.Peek();
            if (!head.Durable.IsCompleted)
            {
                if (_inFlight.Count < _options.MaxBatchesInFlight)
                {
                    return true;
                }

                WaitFor(head, Timeout.InfiniteTimeSpan);
            }

            _inFlight.Dequeue();
            if (!Finish(consumer, head))
            {
                return false;
            }
        }

        return !_halted;
    }

    /// <summary>
    /// Waits for every batch in flight and, unless <see cref="_halted"/> or <paramref name="store"/> is false,
    /// stores and commits their offsets in order; after a failed batch the rest are only waited for. Used before
    /// partitions move and on shutdown, so no submission is left running behind the consumer's back.
    /// </summary>
    private void Drain(IConsumer<byte[]?, ReadOnlyMemory<byte>?>? consumer, bool store)
    {
        while (_inFlight.Count > 0)
        {
            var head = _inFlight.Dequeue();
            WaitFor(head, Timeout.InfiniteTimeSpan);
            if (store && !_halted && consumer is not null)
            {
                Finish(consumer, head);
            }
        }

        _tails.Clear();
        _lettersTail = Task.CompletedTask;
    }

    /// <summary>Waits (on the consumer thread) for a batch's sink work to end, counting the time as the sink's.</summary>
    private void WaitFor(InFlightBatch batch, TimeSpan timeout)
    {
        if (batch.Durable.IsCompleted)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        ((IAsyncResult)batch.Durable).AsyncWaitHandle.WaitOne(timeout);
        _sinkTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>The partitions were lost: the work of theirs in flight is waited for but its offsets are not stored.</summary>
    private void AbandonInFlight(IEnumerable<TopicPartition> partitions)
    {
        var lost = partitions.ToHashSet();
        foreach (var batch in _inFlight)
        {
            foreach (var work in batch.Works)
            {
                if (lost.Contains(work.Partition))
                {
                    work.Abandoned = true;
                }
            }
        }
    }

    /// <summary>One consumer batch handed to the sink: its work per partition and the task that ends when all of it is durable.</summary>
    private sealed record InFlightBatch(List<PartitionWork> Works, Task Durable);
}
