using System.Globalization;
using Correlator.Domain;
using Correlator.Storage;

namespace Correlator.Service.Http;

/// <summary>The read side of the REST API: incidents with filters and paging, and one incident in full.</summary>
internal static class IncidentEndpoints
{
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization(Security.Policies.Read);
        group.MapGet("/", ListAsync)
            .WithName("ListIncidents")
            .WithSummary("Incidents, newest first. Filters: state (new, in_progress, on_hold, resolved, closed, predicted), priority (P1..P4: incident management's once it manages the incident, else the engine's; each item says which in prioritySource), service, group (resolver group), from/to (RFC 3339, on the opening time; from inclusive, to exclusive), fingerprint (incidents holding that signal); paging: limit (1..500, default 50), offset.")
            .Produces<IncidentPageDto>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, "application/problem+json");
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetIncident")
            .WithSummary("One incident with its signals, the rule that attached each, its timeline, and its management (SLA clocks, assignment, escalation level, crisis record) once the incident-management stage has taken it in.")
            .Produces<IncidentDetailDto>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json");
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, SqliteStore store, CancellationToken cancellationToken)
    {
        var view = request.HttpContext.RequestServices.GetService<Incidents.ManagementView>();
        return await ListPageAsync(request, store, view, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ListPageAsync(HttpRequest request, SqliteStore store, Incidents.ManagementView? view, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var q = request.Query;
        var query = new IncidentQuery
        {
            State = ParseState(q["state"], errors),
            Priority = ParsePriority(q["priority"], errors),
            Service = Blank(q["service"]),
            Group = Blank(q["group"]),
            Fingerprint = Blank(q["fingerprint"]),
            From = ParseTime(q["from"], "from", errors),
            To = ParseTime(q["to"], "to", errors),
            Limit = ParseInt(q["limit"], "limit", 50, 1, MaxLimit, errors),
            Offset = ParseInt(q["offset"], "offset", 0, 0, int.MaxValue, errors),
        };
        if (errors.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", $"{errors.Count} query parameter(s) are invalid.", errors);
        }

        if (view is not null)
        {
            await view.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        }

        var page = await store.ListIncidentsAsync(query, cancellationToken).ConfigureAwait(false);
        var managed = view is null ? new Dictionary<long, Incidents.ManagementDto>() : await view.GetManyAsync([.. page.Items.Select(s => s.Incident.Id)], cancellationToken).ConfigureAwait(false);
        var items = page.Items.Select(s => IncidentDtoMapper.ToItem(s.Incident, s.SignalCount, s.FiringCount).WithManagement(managed.GetValueOrDefault(s.Incident.Id))).ToList();
        return Results.Json(new IncidentPageDto(items, page.Total, query.Limit, query.Offset), ApiJsonContext.Default.IncidentPageDto);
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, SqliteStore store, CancellationToken cancellationToken)
    {
        var detail = await store.GetIncidentAsync(id, cancellationToken).ConfigureAwait(false);
        if (detail is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"There is no incident {id}.");
        }

        var incident = detail.Incident;
        var firing = detail.Signals.Count(s => s.Latest.IsFiring && s.IncidentId == incident.Id);
        var management = context.RequestServices.GetService<Incidents.ManagementView>() is { } view ? await view.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var rules = context.RequestServices.GetService<Correlation.CorrelationRulesSource>();
        var topology = rules?.Topology ?? Correlator.Correlation.Topology.TopologyGraph.Empty;
        var history = context.RequestServices.GetService<Incidents.ConfirmedRootCauseHistory>() is { } past
            ? (await past.GetAsync(topology, cancellationToken).ConfigureAwait(false)).Excluding(id)
            : null;
        var (rootCauses, neighbourhood) = Incidents.RootCauseView.Build(detail.Signals, id, topology, rules?.Options.MaxNeighbourhood ?? new Correlation.RuleFilesOptions().MaxNeighbourhood, history);
        var dto = new IncidentDetailDto(
            IncidentDtoMapper.ToItem(incident, incident.Links.Count, firing).WithManagement(management),
            [.. detail.Signals.Select(IncidentDtoMapper.ToDto)],
            [.. incident.Links.Select(IncidentDtoMapper.ToDto)],
            IncidentDtoMapper.Timeline(incident, detail.Signals),
            management,
            await Prediction.PredictionView.GetAsync(store, id, cancellationToken).ConfigureAwait(false),
            context.RequestServices.GetService<Publishing.TicketLinks>() is { } tickets ? await tickets.ForIncidentAsync(id, cancellationToken).ConfigureAwait(false) : [],
            rootCauses,
            neighbourhood);
        return Results.Json(dto, ApiJsonContext.Default.IncidentDetailDto);
    }

    private static IncidentState? ParseState(string? text, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IncidentStates.TryParse(text, out var state))
        {
            return state;
        }

        errors.Add(new FieldError("state", $"'{text}' is not a state; use new, in_progress, on_hold, resolved, closed or predicted."));
        return null;
    }

    private static Priority? ParsePriority(string? text, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Enum.TryParse<Priority>(text, ignoreCase: true, out var priority) && Enum.IsDefined(priority) && !char.IsDigit(text[0]))
        {
            return priority;
        }

        errors.Add(new FieldError("priority", $"'{text}' is not a priority; use P1, P2, P3 or P4."));
        return null;
    }

    private static DateTimeOffset? ParseTime(string? text, string name, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        errors.Add(new FieldError(name, $"'{text}' is not an RFC 3339 time."));
        return null;
    }

    private static int ParseInt(string? text, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(name, $"'{text}' is not a whole number from {min} to {max}."));
        return fallback;
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IResult Problem(int status, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        ApiProblem.Result(status, title, detail, errors);
}
