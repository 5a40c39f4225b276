using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Correlator.Kafka;

/// <summary>
/// Writes rejected messages to the dead-letter topic: the original key, value and headers, plus headers
/// naming the source topic, partition, offset and the error. Idempotent producer, acks from all replicas;
/// a send completes only when the broker acknowledged it, so the source offset can be stored after it.
/// </summary>
internal sealed class DeadLetterProducer : IDisposable
{
    public const string SourceTopicHeader = "correlator-source-topic";
    public const string SourcePartitionHeader = "correlator-source-partition";
    public const string SourceOffsetHeader = "correlator-source-offset";
    public const string ErrorHeader = "correlator-error";

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly TimeSpan _timeout;

    public DeadLetterProducer(KafkaOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.Settings, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)Math.Min(int.MaxValue, options.DeadLetterTimeout.TotalMilliseconds),
        };
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        _topic = options.DeadLetterTopic;
        _timeout = options.DeadLetterTimeout;
    }

    public async Task SendAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (letter.Headers is not null)
        {
            foreach (var header in letter.Headers)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(SourceTopicHeader, Encoding.UTF8.GetBytes(letter.Source.Topic));
        headers.Add(SourcePartitionHeader, Encoding.UTF8.GetBytes(letter.Source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(SourceOffsetHeader, Encoding.UTF8.GetBytes(letter.Source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(ErrorHeader, Encoding.UTF8.GetBytes(letter.Reason));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        await _producer.ProduceAsync(_topic, new Message<byte[]?, byte[]?> { Key = letter.Key, Value = letter.Value, Headers = headers }, timeout.Token).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _producer.Flush(_timeout);
        _producer.Dispose();
    }
}
