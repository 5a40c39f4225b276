using System.Diagnostics;
using Correlator.Prediction;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Eval.Anticipation;

/// <summary>A predicted incident: the first update at which a cluster's probability passed the threshold.</summary>
internal sealed record RaisedPrediction(DateTimeOffset At, long ClusterId, double Probability, string? Service, string Explanation);

/// <summary>What anticipation did for one injected fault.</summary>
internal sealed record FaultOutcome(NezhaFault Fault, DateTimeOffset? UsersHitAt, RaisedPrediction? Prediction, DateTimeOffset? FirstDataAt)
{
    /// <summary>The first firing anomaly signal on the faulty service between injection and the end of the fault's window.</summary>
    public DateTimeOffset? FirstSignalAt { get; init; }

    /// <summary>Whether any signal on the faulty service fired at least <paramref name="lead"/> before user impact (and strictly before it): the ceiling of the detector.</summary>
    public bool SignalledBeforeImpact(TimeSpan lead) => UsersHitAt is { } hit && FirstSignalAt is { } s && hit - s >= lead && hit > s;

    /// <summary>Whether any scorer could have been earlier than users: the first metric minute after injection precedes the impact.</summary>
    public bool PredictableBeforeImpact(TimeSpan lead) => UsersHitAt is { } hit && FirstDataAt is { } data && hit - data >= lead && hit > data;

    public bool ImpactedUsers => UsersHitAt is not null;

    /// <summary>Minutes from the prediction to user impact: positive when the prediction came first.</summary>
    public double? LeadMinutes => UsersHitAt is { } hit && Prediction is { } p ? (hit - p.At).TotalMinutes : null;

    public bool PredictedBeforeImpact => LeadMinutes > 0;

    public bool RightService => Prediction?.Service == Fault.Service;
}

/// <summary>The scores of one scorer on one evaluation day.</summary>
internal sealed record ScorerResult(string Method, IReadOnlyList<FaultOutcome> Faults, IReadOnlyList<RaisedPrediction> Predictions, int TruePredictions, int FalseInFaultFreeTime, double FaultFreeDays, double ScoringMicrosPerUpdate)
{
    public IEnumerable<FaultOutcome> Impacting => Faults.Where(f => f.ImpactedUsers);

    public double Precision => Predictions.Count == 0 ? 0 : TruePredictions / (double)Predictions.Count;

    public double FalsePerDay => FalseInFaultFreeTime / Math.Max(FaultFreeDays, 1e-9);

    /// <summary>Clusters not predicted because a signal of theirs was in a dismissed prediction (the service's dismissal suppression).</summary>
    public int Suppressed { get; init; }

    /// <summary>False predictions dismissed (by the stand-in person) while the replay still had updates to withhold.</summary>
    public int Dismissed { get; init; }
}

/// <summary>
/// Runs a scorer over a replayed day in event-time order and judges it: one prediction per cluster (its first update
/// at or above the threshold); a prediction is true when users are impacted within the horizon after it; a fault's
/// prediction is the first raised between its injection and the end of its window. With a dismissal suppression, the
/// service's rule (<c>Prediction:DismissSuppression</c>) applies too, with a stated stand-in for the person: every false
/// prediction is dismissed the moment its horizon has passed without user impact, and for the suppression after that
/// no cluster holding one of its signals is predicted (the service then opens it New and never scores it again).
/// </summary>
internal static class AnticipationEvaluation
{
    public static List<TrainingSample> Samples(ReplayedDay day, TimeSpan horizon) =>
        [.. day.Updates.Select(u => new TrainingSample(u.At, u.ClusterId, u.Features, day.Impact.Any(u.At, u.At + horizon)))];

    public static ScorerResult Score(ReplayedDay day, IAnticipationScorer scorer, TimeSpan horizon, TimeSpan faultWindow, TimeSpan dismissSuppression = default)
    {
        var raised = new HashSet<long>();
        var predictions = new List<RaisedPrediction>();
        var dismissals = new DismissalSuppression(day.Impact, horizon, dismissSuppression);
        long ticks = 0;
        int scored = 0;
        foreach (var update in day.Updates)
        {
            dismissals.AdvanceTo(update);
            if (raised.Contains(update.ClusterId) || dismissals.Withholds(update))
            {
                continue;
            }

            long started = Stopwatch.GetTimestamp();
            var score = scorer.Score(update.Features);
            ticks += Stopwatch.GetTimestamp() - started;
            scored++;
            if (score.Raised)
            {
                raised.Add(update.ClusterId);
                predictions.Add(new RaisedPrediction(update.At, update.ClusterId, score.Probability, update.Suspect, score.Describe()));
                dismissals.Predicted(update);
            }
        }

        var faults = day.Day.Faults;
        var outcomes = new List<FaultOutcome>(faults.Count);
        for (int i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var end = i + 1 < faults.Count && faults[i + 1].At < fault.At + faultWindow ? faults[i + 1].At : fault.At + faultWindow;
            var usersHit = day.Impact.First(fault.At, end);
            var prediction = predictions.FirstOrDefault(p => p.At >= fault.At && p.At < end);
            var firstData = day.Day.Rows.FirstOrDefault(r => r.At >= fault.At)?.At;
            var firstSignal = day.Fired.FirstOrDefault(s => s.At >= fault.At && s.At < end && s.Service == fault.Service)?.At;
            outcomes.Add(new FaultOutcome(fault, usersHit, prediction, firstData) { FirstSignalAt = firstSignal });
        }

        bool InFault(DateTimeOffset at) => faults.Any(f => at >= f.At && at < f.At + faultWindow);
        int truePredictions = predictions.Count(p => day.Impact.Any(p.At, p.At + horizon));
        int falseInFaultFree = predictions.Count(p => !InFault(p.At));
        double minutes = 0;
        for (var t = day.Day.Rows[0].At; t < day.Day.Rows[^1].At; t = t.AddMinutes(1))
        {
            minutes += InFault(t) ? 0 : 1;
        }

        return new ScorerResult(scorer.Method, outcomes, predictions, truePredictions, falseInFaultFree, minutes / 1440.0, Stopwatch.GetElapsedTime(0, ticks).TotalMicroseconds / Math.Max(scored, 1))
        {
            Suppressed = dismissals.Withheld,
            Dismissed = dismissals.Dismissed,
        };
    }
}
