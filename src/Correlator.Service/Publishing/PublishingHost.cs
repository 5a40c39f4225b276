using Correlator.Domain;
using Correlator.Publishing;
using Correlator.Publishing.BuiltIn;
using Correlator.Publishing.Kafka;
using Correlator.Publishing.RequestTracker;
using Correlator.Publishing.ServiceNow;
using Correlator.Publishing.Webhooks;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Publishing;

/// <summary>
/// Runs one publisher per enabled target (and RT's change poll) for the life of the service, on one shared
/// HTTP client. The routes that make the store write outbox rows are added at composition (<see cref="PublishingServices"/>).
/// </summary>
internal sealed partial class PublishingHost : BackgroundService
{
    private readonly SqliteStore _store;
    private readonly PublishingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PublishingHost> _logger;
    private readonly HttpClient _http;
    private readonly List<(OutboxPublisher Publisher, RequestTrackerPoller? Poller)> _targets = [];
    private readonly List<IDisposable> _owned = [];
    private readonly string? _librdkafkaPath;

    public PublishingHost(SqliteStore store, IOptions<PublishingOptions> options, IOptions<Correlator.Kafka.KafkaOptions> kafka, TimeProvider time, ILoggerFactory loggers)
    {
        _librdkafkaPath = kafka.Value.LibrdkafkaPath;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = loggers.CreateLogger<PublishingHost>();
        // The publisher's pipeline holds the per-call timeout; the client's own is only a backstop.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = _options.Publisher.AttemptTimeout + TimeSpan.FromSeconds(5) };
        foreach (var (name, target) in _options.Targets.Where(t => t.Value.Enabled))
        {
            var logger = loggers.CreateLogger("Correlator.Publishing." + name);
            var publisher = new OutboxPublisher(store, Connector(name, target, _http), _options.Publisher, time, logger);
            var poller = target is { Type: "rt", RequestTracker: { } rt } ? new RequestTrackerPoller(name, _http, rt, store, time, logger) : null;
            _targets.Add((publisher, poller));
        }
    }

    public IReadOnlyList<OutboxPublisher> Publishers => [.. _targets.Select(t => t.Publisher)];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        foreach (var (publisher, poller) in _targets)
        {
            loops.Add(publisher.RunAsync(stoppingToken));
            if (poller is not null)
            {
                loops.Add(poller.RunAsync(stoppingToken));
            }
        }

        if (_targets.Count > 0)
        {
            loops.Add(PurgeAsync(stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    /// <summary>Deletes delivered rows older than <see cref="PublishingOptions.DoneRetention"/>, once an hour.</summary>
    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), _time);
        do
        {
            try
            {
                var removed = await _store.PurgeOutboxAsync(_time.GetUtcNow() - _options.DoneRetention, stoppingToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    LogPurged(removed);
                }
            }
            catch (StorageException error)
            {
                LogPurgeFailed(error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        _http.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        base.Dispose();
    }

    private IConnector Connector(string name, PublishingTargetOptions target, HttpClient http) => target.Type switch
    {
        "webhook" => new WebhookConnector(name, http, target.Webhook!, _time),
        "rt" => new RequestTrackerConnector(name, http, target.RequestTracker!, _time),
        "servicenow" => new ServiceNowConnector(name, http, target.ServiceNow!, _time),
        "email" => new Correlator.Publishing.Email.EmailConnector(name, target.Email!),
        "kafka" => KafkaTarget(name, target.Kafka!),
        _ => new BuiltInConnector(name),
    };

    private KafkaConnector KafkaTarget(string name, KafkaTargetOptions options)
    {
        // The same librdkafka build the consumer loads (Kafka:LibrdkafkaPath), found once per process.
        Correlator.Kafka.KafkaNativeLibrary.EnsureLoaded(_librdkafkaPath);
        var connector = new KafkaConnector(name, options);
        _owned.Add(connector);
        return connector;
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Removed {Count} delivered outbox rows past their retention")]
    private partial void LogPurged(int count);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Removing delivered outbox rows failed; tried again in an hour: {Error}")]
    private partial void LogPurgeFailed(string error);
}
