using System.Globalization;
using System.Text;
using Correlator.Service.Pipeline;

namespace Correlator.Service.Http;

/// <summary>What the service reports about itself in /health.</summary>
public sealed record HealthDto(string Status, bool PipelineRunning, int QueueDepth, long QueuedSignals, long BatchesCommitted, DateTimeOffset? Watermark, Publishing.OutboxStatusDto? Publishing = null, KafkaHealthDto? Kafka = null)
{
    /// <summary>Pulled sources (InfluxDB watch sets...); a degraded one leaves the service healthy.</summary>
    public IReadOnlyList<SourceHealthDto>? Sources { get; init; }
}

/// <summary>The Kafka consumer's part of /health (absent when Kafka is off).</summary>
public sealed record KafkaHealthDto(string State, string? Fault, long MessagesProcessed, long MessagesDeadLettered, long MessagesSkipped);

/// <summary>/health for load balancers and operators, /metrics in the Prometheus text format.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (SignalPipeline pipeline, Storage.SqliteStore store, Publishing.PublishingHost publishing, SourceHealth sources, HttpContext context, CancellationToken ct) =>
            {
                var kafka = Kafka.KafkaHealth.Read(context.RequestServices);
                var running = pipeline.IsRunning && kafka?.State != nameof(Correlator.Kafka.KafkaConsumerState.Faulted);
                var dto = new HealthDto(running ? "healthy" : "unhealthy", pipeline.IsRunning, pipeline.QueueDepth, pipeline.QueuedSignals, pipeline.BatchesCommitted, pipeline.Watermark,
                    store.OutboxTargets.Count > 0 ? await Publishing.PublishingEndpoints.StatusAsync(store, publishing, ct) : null, kafka)
                {
                    Sources = sources.Snapshot() is { Count: > 0 } pulled ? pulled : null,
                };
                return Results.Json(dto, ApiJsonContext.Default.HealthDto, statusCode: running ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary("200 when the correlation loop runs (and the Kafka consumer, when on, has not faulted), 503 otherwise.")
            .Produces<HealthDto>()
            .Produces<HealthDto>(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/metrics", async (SignalPipeline pipeline, IngestMetrics metrics, IEnumerable<IMetricsSection> sections, Storage.SqliteStore store, Publishing.PublishingHost publishing, CancellationToken ct) =>
            {
                var text = new StringBuilder(Render(pipeline, metrics, sections));
                await Publishing.PublishingEndpoints.AppendMetricsAsync(text, store, publishing, ct);
                return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8);
            })
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus text format: signals per source, rejections, and what each correlation step removed.");
        return routes;
    }

    private static string Render(SignalPipeline pipeline, IngestMetrics metrics, IEnumerable<IMetricsSection> sections)
    {
        var text = new StringBuilder(2048);
        Header(text, "correlator_signals_received_total", "counter", "Signals accepted by ingestion and stored, per source.");
        foreach (var (source, count) in metrics.AcceptedBySource())
        {
            text.Append("correlator_signals_received_total{source=\"").Append(Escape(source)).Append("\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Header(text, "correlator_requests_rejected_total", "counter", "Ingestion requests refused, per endpoint and HTTP status.");
        foreach (var (endpoint, status, count) in metrics.RejectedByReason())
        {
            text.Append("correlator_requests_rejected_total{endpoint=\"").Append(Escape(endpoint)).Append("\",code=\"")
                .Append(status.ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var stats = pipeline.Stats;
        Counter(text, "correlator_correlation_signals_total", "Signals that reached the correlation stage.", stats.Received);
        Counter(text, "correlator_signals_deduplicated_total", "Repeats of a known condition, folded into its count.", stats.Deduplicated);
        Counter(text, "correlator_signals_redelivered_total", "Notifications dropped because their sender event id was already processed.", stats.Redelivered);
        Counter(text, "correlator_signals_stale_total", "Out-of-order status changes older than the known state, ignored.", stats.Stale);
        Counter(text, "correlator_signals_resolved_unknown_total", "Resolved notifications for conditions never seen firing.", stats.ResolvedUnknown);
        Counter(text, "correlator_signals_attached_total", "Signals grouped into an incident that was already open.", stats.SignalsAttached);
        Counter(text, "correlator_incidents_opened_total", "Incidents opened.", stats.IncidentsOpened);
        Counter(text, "correlator_incidents_resolved_total", "Incidents resolved after all their signals stayed quiet.", stats.IncidentsResolved);
        Counter(text, "correlator_incidents_reopened_total", "Resolved incidents reopened by a signal within the reopen window.", stats.IncidentsReopened);
        Counter(text, "correlator_incidents_closed_total", "Incidents closed for good.", stats.IncidentsClosed);
        Counter(text, "correlator_pipeline_batches_committed_total", "Store transactions committed by the correlation loop.", pipeline.BatchesCommitted);
        Gauge(text, "correlator_pipeline_queue_depth", "Requests waiting for the correlation loop.", pipeline.QueueDepth);
        Gauge(text, "correlator_pipeline_queued_signals", "Signals waiting for the correlation loop.", pipeline.QueuedSignals);
        Gauge(text, "correlator_incidents_open", "Incidents not yet closed, held by the correlation stage.", pipeline.OpenIncidents);
        Correlation.CorrelationEndpoints.AppendMetrics(text, stats);
        foreach (var section in sections)
        {
            section.Render(text);
        }

        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        Header(text, name, "counter", help).Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Gauge(StringBuilder text, string name, string help, long value) =>
        Header(text, name, "gauge", help).Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static StringBuilder Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
