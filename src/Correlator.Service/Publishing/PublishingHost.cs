using Correlator.Domain;
using Correlator.Publishing;
using Correlator.Publishing.BuiltIn;
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
internal sealed class PublishingHost(SqliteStore store, IOptions<PublishingOptions> options, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly List<OutboxPublisher> _publishers = [];
    private HttpClient? _http;

    public IReadOnlyList<OutboxPublisher> Publishers => _publishers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // The publisher's pipeline holds the per-call timeout; the client's own is only a backstop.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = settings.Publisher.AttemptTimeout + TimeSpan.FromSeconds(5) };
        var loops = new List<Task>();
        foreach (var (name, target) in settings.Targets.Where(t => t.Value.Enabled))
        {
            var logger = loggers.CreateLogger("Correlator.Publishing." + name);
            var publisher = new OutboxPublisher(store, Connector(name, target, _http), settings.Publisher, time, logger);
            _publishers.Add(publisher);
            loops.Add(publisher.RunAsync(stoppingToken));
            if (target is { Type: "rt", RequestTracker: { } rt })
            {
                loops.Add(new RequestTrackerPoller(name, _http, rt, store, time, logger).RunAsync(stoppingToken));
            }
        }

        return Task.WhenAll(loops);
    }

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }

    private IConnector Connector(string name, PublishingTargetOptions target, HttpClient http) => target.Type switch
    {
        "webhook" => new WebhookConnector(name, http, target.Webhook!, time),
        "rt" => new RequestTrackerConnector(name, http, target.RequestTracker!, time),
        "servicenow" => new ServiceNowConnector(name, http, target.ServiceNow!, time),
        _ => new BuiltInConnector(name),
    };
}
