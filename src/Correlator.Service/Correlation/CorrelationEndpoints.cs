using System.Globalization;
using System.Text;
using Correlator.Correlation;
using Correlator.Service.Pipeline;

namespace Correlator.Service.Correlation;

/// <summary>GET /api/stats (the noise-reduction funnel), GET /api/rules (what is in force), POST /api/rules/reload.</summary>
internal static class CorrelationEndpoints
{
    public static IEndpointRouteBuilder MapCorrelationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats", (SignalPipeline pipeline, CorrelationRulesSource rules) =>
                Results.Json(StatsReport.Build(pipeline.Stats, rules), CorrelationJsonContext.Default.StatsDto))
            .WithTags("Correlation")
            .RequireAuthorization(Security.Policies.Read)
            .WithName("Stats")
            .WithSummary("Signals in, deduplicated, flapping, suppressed, inhibited, held, grouped, incidents out: the noise-reduction ratio per stage and per source.")
            .Produces<StatsDto>();
        routes.MapGet("/api/rules", (CorrelationRulesSource rules) => Results.Json(StatsReport.Build(new CorrelationStats(), rules).Rules, CorrelationJsonContext.Default.RulesDto))
            .WithTags("Correlation")
            .RequireAuthorization(Security.Policies.Read)
            .WithName("Rules")
            .WithSummary("The rule and topology files in force, their version, and the errors of the last refused reload.")
            .Produces<RulesDto>();
        routes.MapPost("/api/rules/reload", (CorrelationRulesSource rules) =>
            {
                rules.Reload();
                var dto = StatsReport.Build(new CorrelationStats(), rules).Rules;
                return Results.Json(dto, CorrelationJsonContext.Default.RulesDto, statusCode: dto.LastReloadErrors is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
            })
            .WithTags("Correlation")
            .RequireAuthorization(Security.Policies.Admin)
            .WithName("ReloadRules")
            .WithSummary("Re-reads the rule and topology files now; 422 with every error (file, line, key) when they are invalid, the rules in force staying.")
            .Produces<RulesDto>()
            .Produces<RulesDto>(StatusCodes.Status422UnprocessableEntity);
        routes.MapGet("/api/rules/proposals", (HttpRequest request, RuleProposals proposals) =>
            {
                var (support, confidence, asymmetry) = Thresholds(request);
                return Results.Json(proposals.List(support, confidence, asymmetry), CorrelationJsonContext.Default.IReadOnlyListRuleProposal);
            })
            .WithTags("Correlation")
            .RequireAuthorization(Security.Policies.Read)
            .WithName("RuleProposals")
            .WithSummary("Relations learnt from co-occurring signals (cause -> effect on the same or adjacent components), each with the inhibition rule it would become. Query: minSupport (20), minConfidence (0.2), minAsymmetry (1.2). Nothing is applied until accepted.")
            .Produces<IReadOnlyList<Correlator.Correlation.Learning.RuleProposal>>();
        routes.MapPost("/api/rules/proposals/{id}/accept", (string id, HttpRequest request, RuleProposals proposals, CorrelationRulesSource rules) =>
            {
                var (support, confidence, asymmetry) = Thresholds(request);
                var proposal = proposals.List(support, confidence, asymmetry).FirstOrDefault(p => p.Id == id);
                if (proposal is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No proposal '{id}' at these thresholds.");
                }

                var (file, problem) = proposals.Accept(proposal);
                if (file is null || problem is not null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: problem ?? "The proposal could not be written.");
                }

                var dto = new AcceptedProposalDto(file, StatsReport.Build(new CorrelationStats(), rules).Rules);
                return Results.Json(dto, CorrelationJsonContext.Default.AcceptedProposalDto);
            })
            .WithTags("Correlation")
            .RequireAuthorization(Security.Policies.Admin)
            .WithName("AcceptRuleProposal")
            .WithSummary("Writes the proposal's rule as learnt-ID.yaml into the rules folder (CorrelationFiles:Rules) and reloads; 404 for an unknown proposal, 409 when the rules setting is not a folder.")
            .Produces<AcceptedProposalDto>();
        return routes;
    }

    private static (long Support, double Confidence, double Asymmetry) Thresholds(HttpRequest request)
    {
        static double Read(HttpRequest request, string name, double fallback) =>
            double.TryParse(request.Query[name], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;
        return ((long)Read(request, "minSupport", 20), Read(request, "minConfidence", 0.2), Read(request, "minAsymmetry", 1.2));
    }

    /// <summary>The correlation counters in the Prometheus text format, appended to /metrics.</summary>
    public static void AppendMetrics(StringBuilder text, CorrelationStats stats)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stats);
        Counter(text, "correlator_signals_suppressed_total", "Firing signals silenced by a maintenance window.", stats.Suppressed);
        Counter(text, "correlator_signals_downgraded_total", "Firing signals whose severity a maintenance window lowered.", stats.Downgraded);
        Counter(text, "correlator_signals_inhibited_total", "Firing signals an inhibition rule put into a source's incident.", stats.Inhibited);
        Counter(text, "correlator_signals_flapping_held_total", "Status changes held because their signal was flapping.", stats.FlappingHeld);
        Counter(text, "correlator_flapping_started_total", "Times a signal started flapping.", stats.FlappingStarted);
        Counter(text, "correlator_signals_pending_total", "Firing signals held below a grouping rule's minimum occurrences or signals.", stats.Pending);
        Counter(text, "correlator_signals_topology_joined_total", "Signals attached to an incident through the dependency graph.", stats.TopologyJoined);
        Counter(text, "correlator_signals_severity_mapped_total", "Signals whose severity a severity mapping changed.", stats.SeverityMapped);
        text.Append("# HELP correlator_source_signals_total Signals per source and what correlation did with them.\n# TYPE correlator_source_signals_total counter\n");
        foreach (var (source, c) in stats.BySource())
        {
            foreach (var (stage, value) in new[] { ("in", c.Received), ("deduplicated", c.Deduplicated), ("flapping", c.Flapping), ("suppressed", c.Suppressed), ("inhibited", c.Inhibited), ("pending", c.Pending), ("grouped", c.Grouped), ("opened", c.Opened) })
            {
                text.Append("correlator_source_signals_total{source=\"").Append(source.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                    .Append("\",stage=\"").Append(stage).Append("\"} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" counter\n")
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
