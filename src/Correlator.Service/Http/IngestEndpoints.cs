using System.Globalization;
using Correlator.Domain;
using Correlator.Ingestion;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Http;

/// <summary>
/// The HTTP ways in: each endpoint parses one format with the shared parser, queues the signals, and
/// answers once they are durable. 400 names the fields at fault, 413 a body over the limit, 415 a
/// body that is not JSON, 429 a full queue; nothing is half-accepted.
/// </summary>
internal static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ingest").WithTags("Ingestion").RequireAuthorization(Security.Policies.Ingest);
        Map(group, "/alertmanager", "alertmanager", limits => new AlertmanagerWebhookParser(limits),
            "Prometheus Alertmanager webhook (version 4), as Alertmanager's webhook receiver sends it.");
        Map(group, "/events", "events", limits => new GenericEventParser(limits),
            "Generic JSON event, one object or an array (see docs/ingestion.md).");
        Map(group, "/cloudevents", "cloudevents", limits => new CloudEventsParser(limits),
            "CloudEvents 1.0 structured mode, single (application/cloudevents+json) or batch (application/cloudevents-batch+json).");
        return routes;
    }

    private static void Map(RouteGroupBuilder group, string path, string endpoint, Func<IngestionLimits, ISignalParser> create, string description)
    {
        ISignalParser? parser = null;
        group.MapPost(path, (HttpContext context, IOptions<IngestionLimits> limits, IOptions<IngestOptions> options, SignalPipeline pipeline, IngestMetrics metrics) =>
            {
                parser ??= create(limits.Value);
                return HandleAsync(context, endpoint, parser, options.Value, pipeline, metrics);
            })
            .WithName("Ingest" + char.ToUpperInvariant(endpoint[0]) + endpoint[1..])
            .WithSummary(description)
            .Accepts<object>("application/json")
            .Produces<IngestResponse>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status429TooManyRequests, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status503ServiceUnavailable, "application/problem+json");
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string endpoint, ISignalParser parser, IngestOptions options, SignalPipeline pipeline, IngestMetrics metrics)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return Reject(metrics, endpoint, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{request.ContentType}' is not JSON; send application/json (or a +json type).");
        }

        ParseResult parsed;
        using (var body = await RequestBody.ReadPooledAsync(request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false))
        {
            if (body is null)
            {
                return Reject(metrics, endpoint, StatusCodes.Status413PayloadTooLarge, "Payload too large",
                    $"The body is larger than {options.MaxBodyBytes} bytes (Ingestion:MaxBodyBytes).");
            }

            // Parsed straight from the pooled buffer: the signals keep strings, not the bytes.
            var parseStarted = pipeline.Timings.Timestamp();
            parsed = parser.Parse(body.Memory, new ParseContext());
            pipeline.Timings.AddParse(parseStarted);
        }

        if (!parsed.IsValid)
        {
            var errors = parsed.Errors.Select(e => new FieldError(e.Field, e.Message)).ToList();
            return Reject(metrics, endpoint, StatusCodes.Status400BadRequest, "Invalid payload",
                $"{errors.Count} error(s) in the {parser.Format} payload; nothing from it was accepted.", errors);
        }

        if (parsed.Signals.Count == 0)
        {
            return Results.Ok(new IngestResponse(0));
        }

        var item = new PipelineItem(parsed.Signals);
        var queued = pipeline.TryEnqueue(item);
        if (queued == EnqueueResult.Stopped)
        {
            return Reject(metrics, endpoint, StatusCodes.Status503ServiceUnavailable, "Not accepting",
                "The correlation loop is not running (see /health and the service log); nothing from this request was accepted.");
        }

        if (queued == EnqueueResult.Full)
        {
            context.Response.Headers.RetryAfter = pipeline.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Reject(metrics, endpoint, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"The ingestion queue is full ({pipeline.QueueDepth} requests, {pipeline.QueuedSignals} signals queued; Pipeline:QueueCapacity, Pipeline:MaxQueuedSignals). Retry after {pipeline.RetryAfterSeconds} s.");
        }

        try
        {
            await item.Completion.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Reject(metrics, endpoint, StatusCodes.Status503ServiceUnavailable, "Not stored",
                $"The signals were not stored: {error.Message} Send them again.");
        }

        CountAccepted(metrics, parsed.Signals);
        return Results.Ok(new IngestResponse(parsed.Signals.Count));
    }

    private static void CountAccepted(IngestMetrics metrics, IReadOnlyList<Signal> signals)
    {
        // Usually one source per request: count runs, not signals.
        string source = signals[0].Source;
        int run = 0;
        foreach (var signal in signals)
        {
            if (!string.Equals(signal.Source, source, StringComparison.Ordinal))
            {
                metrics.Accepted(source, run);
                source = signal.Source;
                run = 0;
            }

            run++;
        }

        metrics.Accepted(source, run);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static IResult Reject(IngestMetrics metrics, string endpoint, int status, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        metrics.Rejected(endpoint, status);
        return ApiProblem.Result(status, title, detail, errors);
    }
}
