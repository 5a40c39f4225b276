using Confluent.Kafka;

namespace Correlator.Kafka;

/// <summary>A message that will not be processed, with the reason, on its way to the dead-letter topic.</summary>
internal sealed record DeadLetter(TopicPartitionOffset Source, byte[]? Key, byte[]? Value, Headers? Headers, string Reason);
