using Correlator.Correlation.Learning;

namespace Correlator.Service.Eval.Telecom;

/// <summary>The topological Hawkes learner over one data set's alarm onsets, scored against the experts' graph.</summary>
internal static class TelecomHawkes
{
    public static (EdgeScore Score, IReadOnlyList<HawkesRelation> Relations, double ModelScore) Learn(TelecomData data, HawkesSettings settings)
    {
        var learner = new TopologicalHawkesLearner(settings with { MaxEvents = Math.Max(settings.MaxEvents, data.Alarms.Count) }, data.Graph);
        foreach (var alarm in data.Alarms)
        {
            learner.Observe(TelecomData.TypeName(alarm.Type), TelecomData.Device(alarm.Device), DateTimeOffset.UnixEpoch.AddSeconds(alarm.Start));
        }

        var relations = learner.Learn();
        return (data.Score(relations.Select(r => (r.Cause, r.Effect))), relations, learner.LastScore);
    }

    /// <summary>Every ordered pair of distinct types that occur: the score of learning nothing but "everything causes everything".</summary>
    public static EdgeScore AllPairs(TelecomData data)
    {
        var types = data.Alarms.Select(a => a.Type).Distinct().ToList();
        return data.Score(types.SelectMany(a => types.Where(b => b != a).Select(b => (TelecomData.TypeName(a), TelecomData.TypeName(b)))));
    }
}
