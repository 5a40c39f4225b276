using System.Globalization;
using Confluent.Kafka;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    /// <summary>How long to wait between two commit attempts while a revoked partition's offset has not landed.</summary>
    private static readonly TimeSpan CommitRetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads the store's offset of each new partition, so re-delivered messages it already holds are skipped.</summary>
    private void OnAssigned(List<TopicPartition> partitions)
    {
        LogAssigned(partitions);
        foreach (var partition in partitions)
        {
            // A partition that comes back starts from the group's committed offset: forget the last ownership.
            _acknowledged.Remove(partition);
            _committed.Remove(partition);
        }

        try
        {
            // librdkafka calls this on the consumer thread, inside Consume: blocking here is its contract.
            var stored = _sink.GetPositionsAsync(_abort.Token).GetAwaiter().GetResult();
            foreach (var partition in partitions)
            {
                var input = InputName(_options.GroupId, partition.Topic, partition.Partition.Value);
                if (stored.TryGetValue(input, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
                {
                    _positions[partition] = offset;
                }
                else
                {
                    _positions.Remove(partition);
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Without the store's offsets a re-delivery could be stored twice: stop rather than risk it.
            Fault(error);
        }
    }

    /// <summary>
    /// Before the partitions move: messages taken from them but not yet processed are left to the next owner
    /// (nothing of them is stored), and the offsets of everything processed are committed — retried until they
    /// land or <see cref="KafkaOptions.RevokeCommitTimeout"/> passes, because the next owner may keep a store of
    /// its own and then only the group's committed offset tells it where this member stopped. A broker refuses
    /// commits while the group is joining (REBALANCE_IN_PROGRESS), so the commit after a batch may have failed;
    /// here, inside the rebalance, the member's generation is current and the commit is accepted.
    /// </summary>
    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogRevoked(partitions);
        var revoked = new List<TopicPartition>(partitions.Count);
        foreach (var partition in partitions)
        {
            revoked.Add(partition.TopicPartition);
            if (_pending.Remove(partition.TopicPartition, out var work))
            {
                _pendingMessages -= work.Messages;
            }

            _positions.Remove(partition.TopicPartition);
        }

        if (!_crashed)
        {
            CommitAcknowledged(consumer, revoked, _options.RevokeCommitTimeout);
        }

        foreach (var partition in revoked)
        {
            _acknowledged.Remove(partition);
            _committed.Remove(partition);
            _progress.TryRemove(partition, out _);
        }
    }

    /// <summary>
    /// Commits (synchronously) the offset after the last durable message of each partition named, where it is
    /// ahead of what the group holds; retries for up to <paramref name="patience"/>. True when all landed.
    /// </summary>
    private bool CommitAcknowledged(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions, TimeSpan patience)
    {
        var offsets = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            if (_acknowledged.TryGetValue(partition, out var next) && (!_committed.TryGetValue(partition, out var committed) || committed < next))
            {
                offsets.Add(new TopicPartitionOffset(partition, next));
            }
        }

        if (offsets.Count == 0)
        {
            return true;
        }

        long deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                consumer.Commit(offsets);
                foreach (var offset in offsets)
                {
                    _committed[offset.TopicPartition] = offset.Offset.Value;
                }

                return true;
            }
            catch (KafkaException error)
            {
                bool again = Environment.TickCount64 < deadline && !_abort.IsCancellationRequested && !error.Error.IsFatal;
                LogCommitFailed(error, offsets.Count, attempt, again);
                if (!again)
                {
                    return false;
                }

                // Waits on the consumer thread (inside the rebalance callback when revoking), as librdkafka expects.
                _abort.Token.WaitHandle.WaitOne(CommitRetryPause);
            }
        }
    }

    /// <summary>The partitions are already someone else's: drop their work in hand unacknowledged.</summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        LogLost(partitions);
        foreach (var partition in partitions)
        {
            if (_pending.Remove(partition.TopicPartition, out var work))
            {
                _pendingMessages -= work.Messages;
            }

            if (_acknowledged.TryGetValue(partition.TopicPartition, out var next) && (!_committed.TryGetValue(partition.TopicPartition, out var committed) || committed < next))
            {
                // The group never learnt these offsets: an owner sharing this store skips them, one with a store of its own does not.
                LogLostUncommitted(partition.TopicPartition, next);
            }

            _positions.Remove(partition.TopicPartition);
            _acknowledged.Remove(partition.TopicPartition);
            _committed.Remove(partition.TopicPartition);
            _progress.TryRemove(partition.TopicPartition, out _);
        }
    }
}
