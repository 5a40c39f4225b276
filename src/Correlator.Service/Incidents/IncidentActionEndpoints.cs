using System.Text.Json;
using Correlator.Incidents;
using Correlator.Service.Http;
using Correlator.Storage;

namespace Correlator.Service.Incidents;

/// <summary>
/// People's actions on incidents (<c>ManageIncidents</c> policy): acknowledge, assign, hold, resume, resolve, flag a
/// major incident, change the priority with a reason, escalate by hand, confirm the root cause. Each answers the incident's management view; 404 for an unknown incident, 409 for a move its
/// state forbids (e.g. resolving twice, resuming what is not on hold), 400 naming the field at fault.
/// </summary>
internal static class IncidentActionEndpoints
{
    private sealed record Spec(string Route, ManagementAction Action, string Summary, Func<ActionRequest, int, (string? Argument, FieldError? Error)> Read);

    private static readonly Spec[] Actions =
    [
        new("acknowledge", ManagementAction.Acknowledge, "Acknowledge: stops the time-to-acknowledge clock and its escalations. Body (optional): {\"note\"}.", (r, max) => Optional(r.Note, "note", max)),
        new("assign", ManagementAction.Assign, "Assign to a resolver group and/or a person. Body: {\"group\", \"person\"} (at least one).", Assignment),
        new("hold", ManagementAction.Hold, "Put on hold: the SLA clocks pause. Body: {\"reason\"} (required).", (r, max) => Required(r.Reason, "reason", max)),
        new("resume", ManagementAction.Resume, "Resume from hold: the SLA clocks run again. Body (optional): {\"note\"}.", (r, max) => Optional(r.Note, "note", max)),
        new("resolve", ManagementAction.Resolve, "Resolve: stops both SLA clocks and every escalation. Body: {\"note\"} (the resolution, required), {\"rootCause\"} (optional: the component that caused it — a resource or service of the incident's signals; the root-cause ranking's history learns from it).", (r, max) => Required(r.Note, "note", max)),
        new("major", ManagementAction.FlagMajor, "Flag a major incident: opens its crisis record. Body: {\"reason\"} (required).", (r, max) => Required(r.Reason, "reason", max)),
        new("priority", ManagementAction.ChangePriority, "Change the priority by hand: it overrides the policy's from then on (the timeline notes when the policy would choose otherwise), SLA targets and escalation follow it, the ticket's priority is updated. Body: {\"priority\": \"P1\"..\"P4\", \"reason\"} (both required).", PriorityChange),
        new("priority/clear", ManagementAction.ClearPriority, "Clear the priority set by hand: the policy's priority applies again (the one it last suggested, else its decision on the current facts) and the policy follows the incident from then on; 409 when no priority was set by hand. Body: {\"reason\"} (required).", (r, max) => Required(r.Reason, "reason", max)),
        new("root-cause", ManagementAction.ConfirmRootCause, "Confirm the root cause, while the incident is open or resolved but not closed (also after it resolved by itself): the component that caused it — a resource or service of the incident's signals; a second confirmation replaces the first. The root-cause ranking's history learns from these confirmations; each is in the incident's management timeline and the audit log. Body: {\"rootCause\"} (required).", (r, max) => Required(r.RootCause, "rootCause", max)),
        new("escalate", ManagementAction.Escalate, "Escalate by hand: notifies the next hierarchical level now, through the same targets as the timer's escalations. Body: {\"reason\"} (required).", (r, max) => Required(r.Reason, "reason", max)),
    ];

    public static IEndpointRouteBuilder MapIncidentActionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization(Security.Policies.ManageIncidents);
        foreach (var spec in Actions)
        {
            group.MapPost("/{id:long}/" + spec.Route, (long id, HttpContext context, IncidentStage stage, ManagementView view, SqliteStore store, ConfirmedRootCauseHistory history, CancellationToken ct) =>
                    ActAsync(spec, id, context, stage, view, store, history, ct))
                .WithName("Incident" + spec.Action)
                .WithSummary(spec.Summary)
                .Produces<ManagementDto>()
                .Produces<ApiProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
                .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")
                .Produces<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json");
        }

        return routes;
    }

    /// <summary>
    /// Applies one action for the signed-in person; shared by the API and the incident page's forms. A root cause
    /// (resolve's optional one, root-cause's) must be a resource or service of the incident's signals; once applied it
    /// goes to the audit log and the root-cause history takes it in.
    /// </summary>
    public static async Task<(ManagementDto? View, int Status, string? Error, FieldError? Field)> ApplyAsync(
        ManagementAction action, long id, ActionRequest request, string actor, IncidentStage stage, ManagementView view, SqliteStore store,
        ConfirmedRootCauseHistory history, CancellationToken ct)
    {
        var spec = Actions.First(a => a.Action == action);
        var (argument, field) = spec.Read(request, stage.Options.MaxTextLength);
        string? rootCause = null;
        if (field is null && action == ManagementAction.Resolve)
        {
            (rootCause, field) = Optional(request.RootCause, "rootCause", stage.Options.MaxTextLength);
        }

        if (field is not null)
        {
            return (null, StatusCodes.Status400BadRequest, field.Message, field);
        }

        if (await store.GetIncidentAsync(id, ct).ConfigureAwait(false) is not { } detail)
        {
            return (null, StatusCodes.Status404NotFound, $"There is no incident {id}.", null);
        }

        var confirmed = action == ManagementAction.ConfirmRootCause ? argument : rootCause;
        if (confirmed is not null && NotAComponent(confirmed, detail) is { } wrong)
        {
            return (null, StatusCodes.Status400BadRequest, wrong.Message, wrong);
        }

        try
        {
            await stage.ActAsync(id, action, actor, argument, rootCause, ct).ConfigureAwait(false);
        }
        catch (KeyNotFoundException error)
        {
            return (null, StatusCodes.Status409Conflict, error.Message, null);
        }
        catch (InvalidOperationException error)
        {
            return (null, StatusCodes.Status409Conflict, error.Message, null);
        }

        if (confirmed is not null)
        {
            await history.RecordAsync(id, confirmed, actor, ct).ConfigureAwait(false);
        }

        return (await view.GetAsync(id, ct).ConfigureAwait(false), StatusCodes.Status200OK, null, null);
    }

    /// <summary>Null when <paramref name="component"/> is the resource or service of one of the incident's signals; else the field error naming some that are.</summary>
    private static FieldError? NotAComponent(string component, IncidentDetail detail)
    {
        var places = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var state in detail.Signals)
        {
            if (state.Latest.Resource is { Length: > 0 } resource)
            {
                places.Add(resource);
            }

            if (state.Latest.Service is { Length: > 0 } service)
            {
                places.Add(service);
            }
        }

        return places.Contains(component) ? null
            : new FieldError("rootCause", $"'{component}' is not a resource or service of the incident's signals ({(places.Count == 0 ? "it has none" : string.Join(", ", places.Take(10)) + (places.Count > 10 ? ", …" : ""))}).");
    }

    private static async Task<IResult> ActAsync(Spec spec, long id, HttpContext context, IncidentStage stage, ManagementView view, SqliteStore store, ConfirmedRootCauseHistory history, CancellationToken ct)
    {
        var (request, bodyError) = await ReadAsync(context.Request, ct).ConfigureAwait(false);
        if (request is null)
        {
            return ApiProblem.Result(StatusCodes.Status400BadRequest, "Invalid body", bodyError ?? "The body is not a JSON object.", [new FieldError("body", bodyError ?? "not a JSON object")]);
        }

        var actor = context.User.Identity?.Name ?? "unknown";
        var (dto, status, error, field) = await ApplyAsync(spec.Action, id, request, actor, stage, view, store, history, ct).ConfigureAwait(false);
        return status switch
        {
            StatusCodes.Status200OK when dto is not null => Results.Json(dto, IncidentManagementJsonContext.Default.ManagementDto),
            StatusCodes.Status400BadRequest => ApiProblem.Result(status, "Invalid action", $"{field?.Field}: {error}", field is null ? null : [field]),
            StatusCodes.Status404NotFound => ApiProblem.Result(status, "Not found", error ?? ""),
            _ => ApiProblem.Result(StatusCodes.Status409Conflict, "Not allowed in this state", error ?? ""),
        };
    }

    private static async Task<(ActionRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new ActionRequest(null, null, null, null), null);
        }

        try
        {
            return (JsonSerializer.Deserialize(text, IncidentManagementJsonContext.Default.ActionRequest) ?? new ActionRequest(null, null, null, null), null);
        }
        catch (JsonException error)
        {
            return (null, "The body is not valid JSON: " + error.Message);
        }
    }

    private static (string?, FieldError?) Required(string? text, string field, int max) =>
        string.IsNullOrWhiteSpace(text) ? (null, new FieldError(field, "is required."))
        : text.Length > max ? (null, new FieldError(field, $"is {text.Length} characters long; at most {max} are accepted (IncidentStage:MaxTextLength)."))
        : (text.Trim(), null);

    private static (string?, FieldError?) Optional(string? text, string field, int max) =>
        string.IsNullOrWhiteSpace(text) ? (null, null) : Required(text, field, max);

    private static (string?, FieldError?) PriorityChange(ActionRequest request, int max)
    {
        if (!IncidentManager.TryParsePriority(request.Priority?.Trim(), out var priority))
        {
            return (null, new FieldError("priority", string.IsNullOrWhiteSpace(request.Priority) ? "is required (P1, P2, P3 or P4)." : "must be P1, P2, P3 or P4."));
        }

        var (reason, error) = Required(request.Reason, "reason", max);
        return error is null ? ($"{priority}:{reason}", null) : (null, error);
    }

    private static (string?, FieldError?) Assignment(ActionRequest request, int max)
    {
        if (string.IsNullOrWhiteSpace(request.Group) && string.IsNullOrWhiteSpace(request.Person))
        {
            return (null, new FieldError("group", "is required unless a person is given."));
        }

        var (group, groupError) = Optional(request.Group, "group", max);
        var (person, personError) = Optional(request.Person, "person", max);
        if ((groupError ?? personError) is { } error)
        {
            return (null, error);
        }

        if (group?.Contains(':', StringComparison.Ordinal) == true)
        {
            return (null, new FieldError("group", "must not contain ':'."));
        }

        return (person is null ? group : $"{group}:{person}", null);
    }
}
