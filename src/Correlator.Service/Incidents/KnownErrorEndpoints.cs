namespace Correlator.Service.Incidents;

/// <summary><c>GET /api/known-errors</c>: the known-error library, each entry with its review flag and the incidents linked to it.</summary>
internal static class KnownErrorEndpoints
{
    public static IEndpointRouteBuilder MapKnownErrorEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/known-errors", async (ManagementView view, CancellationToken ct) =>
                Results.Json(await view.KnownErrorsAsync(ct).ConfigureAwait(false), IncidentManagementJsonContext.Default.IReadOnlyListKnownErrorDto))
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Incidents")
            .WithName("KnownErrors")
            .WithSummary("The known-error library (IncidentManagement:KnownErrors): signature, workaround, owner, review date, reviewOverdue when the date has passed, and how many incidents matched it.")
            .Produces<IReadOnlyList<KnownErrorDto>>();
        return routes;
    }
}
