using System.Text.Json;
using Correlator.Domain;
using Correlator.Service.Http;
using Correlator.Service.Incidents;
using Correlator.Service.Pipeline;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>
/// People's verdicts on predictions (<c>ManageIncidents</c>): confirm (the incident becomes New) and dismiss with a
/// reason (Closed, the reason in its timeline); each stored as a training label. 400 without a reason, 404 for an
/// unknown incident, 409 when it is not Predicted. And the models (<c>Admin</c>): status and reload.
/// </summary>
internal static class PredictionEndpoints
{
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder routes)
    {
        var incidents = routes.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization(Security.Policies.ManageIncidents);
        incidents.MapPost("/{id:long}/confirm", (long id, HttpContext context, CancellationToken ct) => VerdictAsync(id, confirm: true, context, ct))
            .WithName("ConfirmPrediction")
            .WithSummary("Confirm a predicted incident: it becomes New; stored as a positive training label. Body (optional): {\"note\"}.")
            .Produces<VerdictDto>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json");
        incidents.MapPost("/{id:long}/dismiss", (long id, HttpContext context, CancellationToken ct) => VerdictAsync(id, confirm: false, context, ct))
            .WithName("DismissPrediction")
            .WithSummary("Dismiss a predicted incident: it is closed with the reason in its timeline; stored as a negative training label. Body: {\"reason\"} (required).")
            .Produces<VerdictDto>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")
            .Produces<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json");
        var models = routes.MapGroup("/api/admin/models").WithTags("Admin").RequireAuthorization(Security.Policies.Admin);
        models.MapGet("/", (PredictionModels loaded, IServiceProvider services) => Results.Json(Status(loaded.Current, services), ApiJsonContext.Default.ModelStatusDto))
            .WithName("ModelStatus")
            .WithSummary("What scores predictions: the promoted model (version, threshold, held-out average precision) or the cold-start rule; scoring counters.");
        models.MapPost("/reload", (PredictionModels loaded, IServiceProvider services) => Results.Json(Status(loaded.Reload(), services), ApiJsonContext.Default.ModelStatusDto))
            .WithName("ReloadModel")
            .WithSummary("Loads the registry's promoted model; keeps the loaded one when the new one cannot be loaded or is worse on its card's held-out average precision.");
        return routes;
    }

    /// <summary>Applies a verdict for the signed-in person; shared by the API and the incident page's forms.</summary>
    public static async Task<(int Status, string? Error, VerdictDto? Verdict)> ApplyAsync(long id, bool confirm, string? text, string actor, IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<SqliteStore>();
        var pipeline = services.GetRequiredService<SignalPipeline>();
        var clock = services.GetRequiredService<TimeProvider>();
        int max = services.GetService<IOptions<IncidentStageOptions>>()?.Value.MaxTextLength ?? 2000;
        var reason = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (!confirm && reason is null)
        {
            return (StatusCodes.Status400BadRequest, "reason: is required to dismiss a prediction.", null);
        }

        if (reason is not null && reason.Length > max)
        {
            return (StatusCodes.Status400BadRequest, $"{(confirm ? "note" : "reason")}: is {reason.Length} characters long; at most {max} are accepted (IncidentStage:MaxTextLength).", null);
        }

        var detail = await store.GetIncidentAsync(id, ct).ConfigureAwait(false);
        if (detail is null)
        {
            return (StatusCodes.Status404NotFound, $"There is no incident {id}.", null);
        }

        if (detail.Incident.State != IncidentState.Predicted)
        {
            return (StatusCodes.Status409Conflict, $"Incident {id} is {IncidentStates.ToName(detail.Incident.State)}, not predicted.", null);
        }

        var at = clock.GetUtcNow();
        var stage = services.GetService<PredictionStage>();
        var item = new PipelineItem([])
        {
            Revision = (engine, changes) =>
            {
                _ = engine.Revise(id, i => confirm ? i.Confirm(actor, at) : i.Dismiss(actor, reason ?? "", at), changes)
                    ?? throw new KeyNotFoundException($"Incident {id} is no longer open.");
                stage?.RecordVerdict(id, confirm, engine.Watermark is { } eventTime && eventTime < at ? eventTime : at); // event time, as the signals it suppresses
            },
        };
        if (pipeline.TryEnqueue(item) != EnqueueResult.Queued)
        {
            return (StatusCodes.Status503ServiceUnavailable, "The correlation loop cannot take the verdict now; try again.", null);
        }

        await item.Completion.WaitAsync(ct).ConfigureAwait(false);
        if (item.RevisionError is { } refused)
        {
            return (StatusCodes.Status409Conflict, refused.Message, null);
        }

        await store.AddFeedbackAsync(new FeedbackLabel(id, confirm, actor, reason, at), ct).ConfigureAwait(false);
        return (StatusCodes.Status200OK, null, new VerdictDto(id, confirm ? "new" : "closed", confirm, reason));
    }

    private static async Task<IResult> VerdictAsync(long id, bool confirm, HttpContext context, CancellationToken ct)
    {
        string? text;
        try
        {
            text = await ReadTextAsync(context.Request, confirm ? "note" : "reason", ct).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return ApiProblem.Result(StatusCodes.Status400BadRequest, "Invalid body", "The body is not valid JSON: " + error.Message, [new FieldError("body", "not a JSON object")]);
        }

        var actor = context.User.Identity?.Name ?? "unknown";
        var (status, message, verdict) = await ApplyAsync(id, confirm, text, actor, context.RequestServices, ct).ConfigureAwait(false);
        return status switch
        {
            StatusCodes.Status200OK when verdict is not null => Results.Json(verdict, ApiJsonContext.Default.VerdictDto),
            StatusCodes.Status400BadRequest => ApiProblem.Result(status, "Invalid verdict", message ?? "", [new FieldError(confirm ? "note" : "reason", message ?? "")]),
            StatusCodes.Status404NotFound => ApiProblem.Result(status, "Not found", message ?? ""),
            StatusCodes.Status409Conflict => ApiProblem.Result(status, "Not predicted", message ?? ""),
            _ => ApiProblem.Result(status, "Unavailable", message ?? ""),
        };
    }

    private static async Task<string?> ReadTextAsync(HttpRequest request, string field, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private static ModelStatusDto Status(LoadedScorer loaded, IServiceProvider services)
    {
        var stage = services.GetService<PredictionStage>();
        var (scored, micros, predicted, confirmed) = stage?.Counters ?? default;
        return new ModelStatusDto(loaded.Scorer.Method, loaded.Card?.Version, loaded.Scorer.Threshold, loaded.IsColdStart, loaded.LoadedAt, loaded.Note,
            loaded.Card?.Validation.AveragePrecision, loaded.Card?.FeedbackLabels, scored, micros, predicted, confirmed, stage?.Suppressed ?? 0);
    }
}
