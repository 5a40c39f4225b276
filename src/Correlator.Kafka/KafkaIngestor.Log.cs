using Microsoft.Extensions.Logging;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Kafka consumer of group {GroupId} started on topics {Topics}")]
    private partial void LogStarted(string groupId, IEnumerable<string> topics);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Kafka consumer ended: {State}")]
    private partial void LogStopped(KafkaConsumerState state);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Kafka consumption stopped after a failure that retries did not cure; the offsets of the failed batch were not stored")]
    private partial void LogFaulted(Exception error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Transient failure; attempt {Attempt} in {Delay}")]
    private partial void LogRetry(Exception? error, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason} (fatal: {Fatal})")]
    private partial void LogBrokerError(Confluent.Kafka.ErrorCode code, string reason, bool fatal);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Message {Topic}/{Partition}@{Offset} goes to the dead-letter topic: {Reason}")]
    private partial void LogDeadLetter(string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    private partial void LogAssigned(IEnumerable<Confluent.Kafka.TopicPartition> partitions);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}")]
    private partial void LogRevoked(IEnumerable<Confluent.Kafka.TopicPartitionOffset> partitions);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Partitions lost: {Partitions}; their unacknowledged messages are left to the next owner")]
    private partial void LogLost(IEnumerable<Confluent.Kafka.TopicPartitionOffset> partitions);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Could not store the offset of {Partition}")]
    private partial void LogStoreOffsetFailed(Exception error, Confluent.Kafka.TopicPartition partition);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Commit of {Count} partition offsets failed (attempt {Attempt}, trying again: {Again})")]
    private partial void LogCommitFailed(Exception error, int count, int attempt, bool again);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Partition {Partition} lost before offset {Offset} was committed: a new owner with a store of its own reads those messages again")]
    private partial void LogLostUncommitted(Confluent.Kafka.TopicPartition partition, long offset);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Closing the Kafka consumer failed")]
    private partial void LogCloseFailed(Exception error);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Partition {Partition} revoked while the group refused the commit of offset {Offset} (committed: {Committed}): a new owner with a store of its own reads those messages again")]
    private partial void LogRevokedUncommitted(Confluent.Kafka.TopicPartition partition, long committed, long offset);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Could not seek {Partition} back to {Offset} after holding its batch back")]
    private partial void LogSeekFailed(Exception error, Confluent.Kafka.TopicPartition partition, long offset);
}
