using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// Computes the review report of a period from managed incidents (opened in it) and problem suggestions: the top
/// recurring patterns are the suggestions seen in the period (most incidents first), the problems opened are those
/// the problem manager accepted in it.
/// </summary>
public static class ReviewStatistics
{
    public static ReviewReport Compute(IEnumerable<ManagedIncident> incidents, IEnumerable<Problem> problems, SlaPolicy sla, DateTimeOffset from, DateTimeOffset to, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(sla);
        var inPeriod = incidents.Where(i => i.OpenedAt >= from && i.OpenedAt < to).ToList();
        var acknowledged = inPeriod.Where(i => i.AcknowledgedAt is not null).Select(i => (i.AcknowledgedAt!.Value - i.OpenedAt).TotalMinutes).ToList();
        var resolved = inPeriod.Where(i => i.ResolvedAt is not null).ToList();
        var slaRows = Enum.GetValues<Priority>().Select(p => Sla(p.ToString(), resolved.Where(i => i.Priority == p), sla)).ToList();
        int measuredAll = slaRows.Sum(r => r.Measured), metAll = slaRows.Sum(r => r.Met);
        var patterns = problems.Where(p => p.ProposedAt < to && p.LastSeenAt >= from).ToList();
        return new ReviewReport(
            from,
            to,
            inPeriod.Count,
            Count(inPeriod, i => i.Priority.ToString()),
            Count(inPeriod, i => i.Service ?? "(none)"),
            Count(inPeriod, i => i.Group),
            acknowledged.Count == 0 ? null : acknowledged.Average(),
            MeanHours(resolved),
            measuredAll == 0 ? null : metAll / (double)measuredAll,
            slaRows,
            inPeriod.Count == 0 ? 0 : inPeriod.Count(i => i.Reopens > 0) / (double)inPeriod.Count,
            [.. patterns.OrderByDescending(p => p.IncidentIds.Count).ThenBy(p => p.Id).Take(top)
                .Select(p => new PatternRow(p.Id, p.Signature, p.IncidentIds.Count, p.State.ToString(), p.TotalDowntime.TotalHours))],
            problems.Count(p => p.State == ProblemState.Accepted && p.DecidedAt is { } at && at >= from && at < to))
        {
            ProblemsProposed = patterns.Count(p => p.ProposedAt >= from),
            SlaByService = SlaBy(resolved, i => i.Service ?? "(none)", sla),
            SlaByGroup = SlaBy(resolved, i => i.Group, sla),
        };
    }

    private static List<SlaRow> SlaBy(List<ManagedIncident> resolved, Func<ManagedIncident, string> key, SlaPolicy sla) =>
        [.. resolved.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Sla(g.Key, g, sla))];

    /// <summary>SLA figures of resolved incidents: met when resolved in time and the acknowledgement was not late.</summary>
    private static SlaRow Sla(string key, IEnumerable<ManagedIncident> resolved, SlaPolicy sla)
    {
        var list = resolved.ToList();
        int measured = 0, met = 0;
        foreach (var incident in list)
        {
            if (sla.Evaluate(incident, incident.ResolvedAt!.Value) is { } status)
            {
                measured++;
                met += status.Resolve.State == SlaClockState.Met && status.Acknowledge.State != SlaClockState.Breached ? 1 : 0;
            }
        }

        return new SlaRow(key, measured, met, measured == 0 ? null : met / (double)measured, MeanHours(list));
    }

    private static double? MeanHours(List<ManagedIncident> resolved) =>
        resolved.Count == 0 ? null : resolved.Average(i => (i.ResolvedAt!.Value - i.OpenedAt).TotalHours);

    private static List<CountRow> Count(List<ManagedIncident> incidents, Func<ManagedIncident, string> key) =>
        [.. incidents.GroupBy(key, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)];
}
