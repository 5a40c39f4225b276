using Correlator.Domain;
using Correlator.Incidents;

namespace Correlator.Service.Eval;

/// <summary>
/// Pairwise scoring of problem suggestions against the log's <c>problem_id</c>: only incidents the humans linked
/// to a problem count (un-linked incidents are unknown, not negatives). A pair is true when both incidents share
/// a problem id; predicted when one suggestion holds both. Lead = human link time − time the suggestion grouped them.
/// </summary>
internal sealed record ItsmScore(int TruePairs, int PredictedPairs, int CorrectPairs, double Precision, double Recall, double F1, double? LeadDaysMedian, double EarlierShare)
{
    public static ItsmScore Compute(IReadOnlyDictionary<long, UciIncident> incidents, IEnumerable<Problem> problems, IReadOnlyDictionary<(long Problem, long Incident), DateTimeOffset> joinedAt)
    {
        var linked = incidents.Values.Where(i => i.Problems.Count > 0).OrderBy(i => i.Id).ToList();
        var truePairs = new HashSet<(long, long)>();
        foreach (var group in linked.SelectMany(i => i.Problems.Select(p => (p, i.Id))).GroupBy(x => x.p, x => x.Id))
        {
            var ids = group.Distinct().Order().ToList();
            for (int a = 0; a < ids.Count; a++)
            {
                for (int b = a + 1; b < ids.Count; b++)
                {
                    truePairs.Add((ids[a], ids[b]));
                }
            }
        }

        var predicted = new Dictionary<(long, long), DateTimeOffset>();
        foreach (var problem in problems)
        {
            var ids = problem.IncidentIds.Where(id => incidents.TryGetValue(id, out var i) && i.Problems.Count > 0).Distinct().Order().ToList();
            for (int a = 0; a < ids.Count; a++)
            {
                for (int b = a + 1; b < ids.Count; b++)
                {
                    var at = Max(joinedAt[(problem.Id, ids[a])], joinedAt[(problem.Id, ids[b])]);
                    predicted[(ids[a], ids[b])] = predicted.TryGetValue((ids[a], ids[b]), out var known) && known < at ? known : at;
                }
            }
        }

        var correct = predicted.Where(p => truePairs.Contains(p.Key)).ToList();
        double precision = predicted.Count == 0 ? 0 : correct.Count / (double)predicted.Count;
        double recall = truePairs.Count == 0 ? 0 : correct.Count / (double)truePairs.Count;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var leads = correct
            .Select(p => (Human: Max(incidents[p.Key.Item1].LinkedAt, incidents[p.Key.Item2].LinkedAt), Ours: p.Value))
            .Where(x => x.Human is not null)
            .Select(x => (x.Human!.Value - x.Ours).TotalDays)
            .Order()
            .ToList();
        return new ItsmScore(truePairs.Count, predicted.Count, correct.Count, precision, recall, f1,
            leads.Count == 0 ? null : leads[leads.Count / 2], leads.Count == 0 ? 0 : leads.Count(d => d > 0) / (double)leads.Count);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
