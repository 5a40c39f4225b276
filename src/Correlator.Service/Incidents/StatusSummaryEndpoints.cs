using Correlator.Incidents;
using Correlator.Service.Http;

namespace Correlator.Service.Incidents;

/// <summary>
/// <c>GET /api/incidents/{id}/summary</c>: the plain-language status summary of a major incident for top management,
/// written from its crisis record (<see cref="StatusSummaryWriter"/>); 404 when the incident has no crisis record.
/// <c>GET /api/critical</c>: every open P1 or major incident for management, each in plain language.
/// </summary>
internal static class StatusSummaryEndpoints
{
    public static IEndpointRouteBuilder MapStatusSummaryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/incidents/{id:long}/summary", async (long id, ManagementView view, CancellationToken ct) =>
                await view.SummaryAsync(id, ct).ConfigureAwait(false) is { } summary
                    ? Results.Json(summary, IncidentManagementJsonContext.Default.StatusSummary)
                    : ApiProblem.Result(StatusCodes.Status404NotFound, "Not found", $"Incident {id} has no crisis record (it is not, and was not, a major incident)."))
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Incidents")
            .WithName("IncidentStatusSummary")
            .WithSummary("Status summary of a major incident for top management, from its crisis record: headline, affected, since, impact, status, decisions, next update, mobilised, and the whole as one paragraph (text).")
            .Produces<StatusSummary>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json");
        routes.MapGet("/api/critical", async (ManagementView view, CancellationToken ct) =>
                Results.Json(await view.CriticalAsync(ct).ConfigureAwait(false), IncidentManagementJsonContext.Default.IReadOnlyListCriticalIncidentDto))
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Incidents")
            .WithName("CriticalIncidents")
            .WithSummary("Every open P1 or major incident and every crisis not ended, most urgent first, each with its plain-language status and next update time (the management page /critical).")
            .Produces<IReadOnlyList<CriticalIncidentDto>>();
        return routes;
    }
}
