using System.Globalization;
using System.Text;
using Correlator.Service.Pipeline;

namespace Correlator.Service.Http;

/// <summary>What the service reports about itself in /health.</summary>
public sealed record HealthDto(string Status, bool PipelineRunning, int QueueDepth, long QueuedSignals, long BatchesCommitted, DateTimeOffset? Watermark, KafkaHealthDto? Kafka = null);

/// <summary>The Kafka consumer's part of /health (absent when Kafka is off).</summary>
public sealed record KafkaHealthDto(string State, string? Fault, long MessagesProcessed, long MessagesDeadLettered, long MessagesSkipped);

/// <summary>/health for load balancers and operators, /metrics in the Prometheus text format.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", (SignalPipeline pipeline, HttpContext context) =>
            {
                var kafka = Kafka.KafkaHealth.Read(context.RequestServices);
                var running = pipeline.IsRunning && kafka?.State != nameof(Correlator.Kafka.KafkaConsumerState.Faulted);
                var dto = new HealthDto(running ? "healthy" : "unhealthy", pipeline.IsRunning, pipeline.QueueDepth, pipeline.QueuedSignals, pipeline.BatchesCommitted, pipeline.Watermark, kafka);
                return Results.Json(dto, ApiJsonContext.Default.HealthDto, statusCode: running ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary("200 when the correlation loop runs (and the Kafka consumer, when on, has not faulted), 503 otherwise.")
            .Produces<HealthDto>()
            .Produces<HealthDto>(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/metrics", (SignalPipeline pipeline, IngestMetrics metrics) =>
                Results.Text(Render(pipeline, metrics), "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8))
            .WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus text format: signals per source, rejections, and what each correlation step removed.");
        return routes;
    }

    private static string Render(SignalPipeline pipeline, IngestMetrics metrics)
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
