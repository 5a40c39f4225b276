using System.Globalization;
using Confluent.Kafka;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    /// <summary>Reads the store's offset of each new partition, so re-delivered messages it already holds are skipped.</summary>
    private void OnAssigned(List<TopicPartition> partitions)
    {
        LogAssigned(partitions);
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
    /// (nothing of them is stored), and the offsets of everything processed are committed. Processing the batch
    /// in hand here instead would be safe only if this commit could not fail, but a broker may refuse commits
    /// while the group rebalances (REBALANCE_IN_PROGRESS) — and the next owner, with a store of its own, would
    /// then store those messages a second time. Each processed batch is already committed when it completes.
    /// </summary>
    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogRevoked(partitions);
        foreach (var partition in partitions)
        {
            if (_pending.Remove(partition.TopicPartition, out var work))
            {
                _pendingMessages -= work.Messages;
            }

            _positions.Remove(partition.TopicPartition);
        }

        if (!_crashed)
        {
            CommitStored(consumer);
        }
    }

    /// <summary>Commits the stored offsets now (synchronously), so the group's offsets match the store.</summary>
    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException error) when (error.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException error)
        {
            // The auto-commit tries again; an owner with the same store skips what it holds anyway.
            LogCommitFailed(error);
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

            _positions.Remove(partition.TopicPartition);
        }
    }
}
