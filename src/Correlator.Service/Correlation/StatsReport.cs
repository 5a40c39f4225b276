using Correlator.Correlation;

namespace Correlator.Service.Correlation;

/// <summary>Turns the correlation counters into the funnel of <see cref="StatsDto"/>: each stage's input is the previous stage's output.</summary>
internal static class StatsReport
{
    public static StatsDto Build(CorrelationStats stats, CorrelationRulesSource rules)
    {
        var stages = new List<StageDto>();
        long flow = stats.Received;
        void Stage(string name, long removed)
        {
            var output = Math.Max(0, flow - removed);
            stages.Add(new StageDto(name, flow, removed, output, Ratio(removed, flow)));
            flow = output;
        }

        var deduplicated = stats.Deduplicated + stats.Redelivered + stats.Stale;
        Stage("deduplication", deduplicated);
        Stage("flapping", stats.FlappingHeld);
        Stage("maintenance", stats.Suppressed);
        Stage("inhibition", stats.Inhibited);
        Stage("thresholds", stats.Pending);

        // What is left becomes incidents: new incidents, or signals grouped into open ones, or status changes of known signals.
        Stage("grouping", Math.Max(0, flow - stats.IncidentsOpened));
        var sources = stats.BySource().Select(p =>
        {
            var c = p.Value;
            return new SourceStatsDto(p.Key, c.Received, c.Deduplicated, c.Flapping, c.Suppressed, c.Inhibited, c.Pending, c.Grouped, c.Opened, Ratio(c.Received - c.Opened, c.Received));
        }).ToList();
        var errors = rules.LastErrors?.Select(e => e.ToString()).ToList();
        var rulesDto = new RulesDto(rules.Rules.Origin, rules.Rules.Count, rules.Version, rules.LoadedAt, rules.Topology.NodeCount, rules.Topology.EdgeCount, errors);
        return new StatsDto(stats.Received, deduplicated, stats.FlappingHeld, stats.Suppressed, stats.Inhibited, stats.Pending, stats.SignalsAttached, stats.IncidentsOpened,
            Ratio(stats.Received - stats.IncidentsOpened, stats.Received), stages, sources, rulesDto);
    }

    private static double Ratio(long part, long whole) => whole <= 0 ? 0 : Math.Round((double)part / whole, 4);
}
