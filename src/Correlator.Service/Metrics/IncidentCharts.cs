using Correlator.Domain;
using Correlator.Service.Http;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Metrics;

/// <summary>
/// The metric series behind an incident's anomaly signals, from <see cref="SeriesHistory"/>: the incident's first
/// <see cref="ScanLimit"/> signals (link order) are read, the anomaly ones kept, the highest scores first, at most
/// <see cref="ChartOptions.ChartsPerIncident"/>. A series with no kept history (restart, eviction) comes with no points.
/// </summary>
public sealed class IncidentCharts(SqliteStore store, SeriesHistory history, IOptions<ChartOptions> options)
{
    /// <summary>Signals of an incident read to find its anomaly series (a storm's later signals are not looked at).</summary>
    public const int ScanLimit = 500;

    /// <summary>The charts, or null when the incident does not exist.</summary>
    public async Task<IReadOnlyList<SeriesChart>?> ForIncidentAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.GetIncidentOutlineAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var states = await store.ListIncidentSignalsAsync(id, 0, ScanLimit, cancellationToken).ConfigureAwait(false);
        return [.. states.Where(s => s.Latest.Kind == SignalKind.Anomaly)
            .OrderByDescending(s => s.Latest.Score ?? 0)
            .Take(options.Value.ChartsPerIncident)
            .Select(s => history.Get(s.Latest.Fingerprint) ?? new SeriesChart(s.Latest.Fingerprint, s.Latest.Name, []))];
    }
}

/// <summary><c>GET /api/incidents/{id}/series</c>: the recent points of the incident's anomalous metric series with the expected band.</summary>
internal static class IncidentChartEndpoints
{
    public static IEndpointRouteBuilder MapIncidentChartEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/incidents/{id:long}/series", async (long id, IncidentCharts charts, CancellationToken ct) =>
                await charts.ForIncidentAsync(id, ct).ConfigureAwait(false) is { } list
                    ? Results.Json(list, SeriesChartJsonContext.Default.IReadOnlyListSeriesChart)
                    : ApiProblem.Result(StatusCodes.Status404NotFound, "Not found", $"Incident {id} does not exist."))
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Incidents")
            .WithName("IncidentSeries")
            .WithSummary("The incident's anomalous metric series (highest scores first, at most Detection:ChartsPerIncident): recent points with value, expected value, the band each value was judged against (lower/upper; null while the detector warms up; band = \"detector\": the detector's decision boundary, \"typical\": an estimate for detectors that state none) and whether each was anomalous. Kept in memory only: empty points after a restart.")
            .Produces<IReadOnlyList<SeriesChart>>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json");
        return routes;
    }
}
