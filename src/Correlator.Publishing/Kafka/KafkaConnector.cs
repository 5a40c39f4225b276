using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Domain;
using Correlator.Publishing.Webhooks;

namespace Correlator.Publishing.Kafka;

/// <summary>
/// Produces each outbox effect as one message on the output topic: the value is the event JSON the webhook
/// target posts (<c>{"id","kind","stream","target","createdAt","attempt","data"}</c>, docs/publishing.md); the key
/// is the incident id (the stream for other streams), so one incident's events stay in order in one partition;
/// headers <c>correlator-event-id</c> (the effect key) and <c>correlator-event-kind</c>. The producer is
/// idempotent with acks from all in-sync replicas, so its own retries never write an event twice; a call
/// returns only once the broker acknowledged, and only then does the outbox mark the row delivered.
/// </summary>
public sealed class KafkaConnector : IConnector, IDisposable
{
    public const string EventIdHeader = "correlator-event-id";
    public const string EventKindHeader = "correlator-event-kind";

    private readonly IProducer<string, byte[]> _producer;
    private readonly KafkaTargetOptions _options;
    private int _disposed;

    /// <remarks>The caller has loaded librdkafka (the service does it with <c>KafkaNativeLibrary</c>).</remarks>
    public KafkaConnector(string target, KafkaTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Target = target;
        _options = options;
        var config = new ProducerConfig(new Dictionary<string, string>(options.Settings, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds,
            LingerMs = 5,
        };
        _producer = new ProducerBuilder<string, byte[]>(config).Build();
    }

    public string Target { get; }

    public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var effect = delivery.Entry.Effect;
        var key = OutboxKinds.IncidentIdOf(effect.Stream)?.ToString(CultureInfo.InvariantCulture) ?? effect.Stream;
        var message = new Message<string, byte[]>
        {
            Key = key,
            Value = WebhookConnector.Body(delivery),
            Headers = new Headers
            {
                { EventIdHeader, Encoding.UTF8.GetBytes(effect.Key) },
                { EventKindHeader, Encoding.UTF8.GetBytes(effect.Kind) },
            },
        };
        try
        {
            await _producer.ProduceAsync(_options.Topic, message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ProduceException<string, byte[]> error)
        {
            // A message too large or a topic the broker refuses cannot succeed later; the rest (timeouts, a broker down) can.
            bool permanent = error.Error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.TopicAuthorizationFailed or ErrorCode.InvalidRecord;
            throw new PublishException($"produce to Kafka topic {_options.Topic} failed: {error.Error.Code} {error.Error.Reason}", permanent);
        }
        catch (KafkaException error)
        {
            throw new PublishException($"produce to Kafka topic {_options.Topic} failed: {error.Error.Code} {error.Error.Reason}", error.Error.IsFatal);
        }
    }

    public void Dispose()
    {
        // The host may dispose twice (its own Dispose and the container's).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _producer.Flush(_options.DeliveryTimeout);
        _producer.Dispose();
    }
}
