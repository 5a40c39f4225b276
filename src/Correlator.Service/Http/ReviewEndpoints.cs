using System.Text.Json;
using System.Text.Json.Serialization;
using Correlator.Incidents;
using Correlator.Storage;

namespace Correlator.Service.Http;

/// <summary>
/// Review-meeting material for a period, from the incidents in the store: <c>GET /api/review</c> (JSON) and
/// <c>GET /review</c> (a self-contained printable HTML report with charts; an invalid period re-renders its form
/// with a message naming the field, status 400). SLA targets and calendars come from
/// the <c>IncidentManagement</c> section. The figures come from the incident-management stage's records
/// (<c>incident_management</c>): managed priority, resolver group, people's acknowledgements and resolutions, holds,
/// reopens; top recurring patterns and problems opened come from the problem-suggestion table (accepted = opened).
/// </summary>
internal static class ReviewEndpoints
{
    /// <summary>The most incidents one report reads; a longer period gets 400 asking for a shorter one.</summary>
    public const int MaxIncidents = 100_000;

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/review", async (HttpRequest request, SqliteStore store, IConfiguration configuration, TimeProvider clock, CancellationToken ct) =>
                await BuildAsync(request, store, configuration, clock, ct) is var built && built.Report is { } report
                    ? Results.Json(report, ReviewJsonContext.Default.ReviewReport)
                    : ApiProblem.Invalid("Invalid period", built.Error!))
            .RequireAuthorization(Security.Policies.Read)
            .WithTags("Review")
            .WithName("Review")
            .WithSummary("Review figures of a period (from/to, RFC 3339, on the opening time; default the last 7 days): volume by priority, service and group, MTTA, MTTR, SLA attainment per priority, reopen rate, patterns, problems; and the noise-reduction funnel per stage from the pipeline counters (since the service started). A time without an offset is read as UTC.");
        routes.MapGet("/review", async (HttpRequest request, SqliteStore store, IConfiguration configuration, TimeProvider clock, CancellationToken ct) =>
                await BuildAsync(request, store, configuration, clock, ct) is var built && built.Report is { } report
                    ? Results.Content(ReviewReportHtml.Render(report, interactive: true), "text/html; charset=utf-8")
                    : InvalidPage(request, built.Error!))
            .RequireAuthorization(Security.Policies.Read)
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The HTML page's answer to a period it cannot show: the page again (400) with the period form holding what was
    /// typed and a plain message naming the field; the JSON API answers the same error as a problem document.
    /// </summary>
    private static IResult InvalidPage(HttpRequest request, string error)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 ? error[..colon] : "from";
        var message = colon > 0 ? error[(colon + 1)..].Trim() : error;
        return Results.Content(ReviewReportHtml.RenderInvalid(request.Query["from"], request.Query["to"], field, message), "text/html; charset=utf-8",
            statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<(ReviewReport? Report, string? Error)> BuildAsync(HttpRequest request, SqliteStore store, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        var (from, to, error) = Period(request, clock);
        if (error is not null)
        {
            return (null, error);
        }

        var options = configuration.GetSection(IncidentManagementOptions.SectionName).Get<IncidentManagementOptions>() ?? new IncidentManagementOptions();
        if (request.HttpContext.RequestServices.GetService<Incidents.IncidentStage>() is { } stage)
        {
            await stage.ProcessPendingAsync(ct).ConfigureAwait(false);
        }

        var managed = await store.ListManagedIncidentsAsync(from, to, MaxIncidents, ct).ConfigureAwait(false);
        if (managed.Count > MaxIncidents)
        {
            return (null, $"from: the period holds more than {MaxIncidents} incidents; ask for a shorter one");
        }

        var suggestions = await store.ListProblemSuggestionsAsync(null, ct).ConfigureAwait(false);
        var report = ReviewStatistics.Compute(managed, suggestions.Select(ToProblem), new SlaPolicy(options), from, to);
        var services = request.HttpContext.RequestServices;
        if (services.GetService<Pipeline.SignalPipeline>() is { } pipeline && services.GetService<Correlation.CorrelationRulesSource>() is { } rules)
        {
            // The funnel of /api/stats: the pipeline counts since the service started, not per period.
            var stages = Correlation.StatsReport.Build(pipeline.Stats, rules).Stages;
            report = report with { NoiseStages = [.. stages.Select(s => new NoiseStageRow(s.Stage, s.In, s.Removed, s.Out, s.Reduction))] };
        }

        return (report, null);
    }

    /// <summary>A stored suggestion as the review reads it: accepted is a problem opened, on the day it was accepted.</summary>
    private static Correlator.Domain.Problem ToProblem(ProblemSuggestion s) => new()
    {
        Id = s.Id,
        Signature = s.Signature,
        Description = s.Description,
        State = s.Status switch
        {
            ProblemSuggestionStatus.Accepted => Correlator.Domain.ProblemState.Accepted,
            ProblemSuggestionStatus.Rejected => Correlator.Domain.ProblemState.Rejected,
            _ => Correlator.Domain.ProblemState.Suggested,
        },
        IncidentIds = s.IncidentIds,
        FirstSeenAt = s.FirstSeenAt,
        LastSeenAt = s.LastSeenAt,
        ProposedAt = s.ProposedAt,
        TotalDowntime = s.TotalDowntime,
        DecidedAt = s.DecidedAt,
        DecidedBy = s.DecidedBy,
        Note = s.Reason,
    };

    private static (DateTimeOffset From, DateTimeOffset To, string? Error) Period(HttpRequest request, TimeProvider clock)
    {
        var to = clock.GetUtcNow();
        var from = to.AddDays(-7);
        foreach (var (name, apply) in new (string, Action<DateTimeOffset>)[] { ("from", v => from = v), ("to", v => to = v) })
        {
            string? text = request.Query[name];
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var value))
            {
                return (from, to, $"{name}: '{text}' is not an RFC 3339 time (without an offset it is read as UTC)");
            }

            apply(value);
        }

        return from < to ? (from, to, null) : (from, to, "from: must be before to");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReviewReport))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
