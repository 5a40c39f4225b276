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

    /// <summary>Finishes the batch in hand and commits its offsets before the partitions move to another member.</summary>
    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogRevoked(partitions);
        if (_pending.Count > 0 && _state == KafkaConsumerState.Running && !_crashed)
        {
            Flush(consumer);
        }

        if (!_crashed)
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
                LogCommitFailed(error);
            }
        }

        foreach (var partition in partitions)
        {
            _positions.Remove(partition.TopicPartition);
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
