using System.Globalization;
using System.Text.Json;
using Correlator.Prediction;

namespace Correlator.Service.Eval.Anticipation;

/// <summary>The human report and the final JSON line of <c>eval anticipation</c>.</summary>
internal static class AnticipationReport
{
    public static async Task PrintDirectionAsync(TextWriter output, DirectionRun run)
    {
        var card = run.Card;
        await Line(output, $"Train {run.TrainDay} ({run.TrainSamples} cluster updates, {run.TrainPositives} labelled positive; held-out from {card.ValidationFrom:HH:mm}: AUC {card.Validation.Auc:F3}, AP {card.Validation.AveragePrecision:F3}, threshold {card.Threshold:F3} for precision {card.TargetPrecision:P0} {(card.TargetPrecisionMet ? "met" : "NOT met")} there; {card.TrainingSeconds:F2} s to train)").ConfigureAwait(false);
        if (run.Registry is { } decision)
        {
            await Line(output, $"  registry: {decision.Reason}").ConfigureAwait(false);
        }

        await Line(output, $"Evaluate {run.TestDay}: {run.TestUpdates} cluster updates, {run.TestImpactedMinutes} user-impacting minutes, {run.Model.Faults.Count} faults, {run.Model.Impacting.Count()} impacted users").ConfigureAwait(false);
        foreach (var f in run.Model.Faults)
        {
            var users = f.UsersHitAt is { } hit ? $"users hit +{(hit - f.Fault.At).TotalMinutes,4:F1} min" : "users not hit      ";
            var predicted = f.Prediction is { } p ? $"predicted +{(p.At - f.Fault.At).TotalMinutes,4:F1} min p={p.Probability:F2} on {p.Service ?? "-"}{(f.RightService ? " (right)" : string.Empty)}" : "no prediction";
            var lead = f.LeadMinutes is { } l ? $"lead {l,5:F1} min" : string.Empty;
            var signal = f.FirstSignalAt is { } s ? $"first signal on it +{(s - f.Fault.At).TotalMinutes:F1} min" : "no signal on it";
            await Line(output, $"  {f.Fault.At:HH:mm:ss} {f.Fault.Service,-22} {f.Fault.Type,-15} {users}  {signal}  {predicted}  {lead}").ConfigureAwait(false);
        }

        foreach (var result in new[] { run.Model, run.ColdStart })
        {
            await Line(output, $"  {result.Method,-16} {Summary(result)}").ConfigureAwait(false);
        }

        var example = run.Model.Predictions.Count > 0 ? run.Model.Predictions[0] : null;
        if (example is not null)
        {
            await Line(output, $"  e.g. cluster {example.ClusterId} at {example.At:HH:mm}: {example.Explanation}").ConfigureAwait(false);
        }
    }

    public static async Task PrintSummaryAsync(TextWriter output, List<DirectionRun> runs, TimeSpan horizon, double targetPrecision, string detector, TimeSpan dismissSuppression = default)
    {
        var model = Figures(runs.Select(r => r.Model).ToList());
        var cold = Figures(runs.Select(r => r.ColdStart).ToList());
        await Line(output, $"Both directions, horizon {horizon.TotalMinutes} min, target precision {targetPrecision:P0}:").ConfigureAwait(false);
        await Line(output, $"  model:      predicted before impact {model.Before:P1} of {model.Impacting} user-impacting faults (goal >= 60 %), median lead {model.MedianLead:F1} min (goal >= 2), precision {model.Precision:F2} (goal >= 0.8), right service {model.RightService:P1}, false predictions/day {model.FalsePerDay:F1}").ConfigureAwait(false);
        await Line(output, $"  cold start: predicted before impact {cold.Before:P1}, median lead {cold.MedianLead:F1} min, precision {cold.Precision:F2}, right service {cold.RightService:P1}, false predictions/day {cold.FalsePerDay:F1}").ConfigureAwait(false);
        int suppressed = runs.Sum(r => r.Model.Suppressed), coldSuppressed = runs.Sum(r => r.ColdStart.Suppressed);
        await Line(output, $"  dismissal suppression {dismissSuppression.TotalMinutes} min: false predictions dismissed {runs.Sum(r => r.Model.Dismissed)} (model), {runs.Sum(r => r.ColdStart.Dismissed)} (cold start); clusters withheld {suppressed} (model), {coldSuppressed} (cold start)").ConfigureAwait(false);
        var impacting = runs.SelectMany(r => r.Model.Impacting).ToList();
        double ceiling = impacting.Count(f => f.PredictableBeforeImpact(TimeSpan.Zero)) / (double)Math.Max(impacting.Count, 1);
        double ceiling2 = impacting.Count(f => f.PredictableBeforeImpact(TimeSpan.FromMinutes(2))) / (double)Math.Max(impacting.Count, 1);
        await Line(output, $"  ceiling of these data: the first metric minute after injection comes before user impact for {ceiling:P1} of the user-impacting faults, at least 2 min before for {ceiling2:P1}").ConfigureAwait(false);
        double signalled = impacting.Count(f => f.SignalledBeforeImpact(TimeSpan.Zero)) / (double)Math.Max(impacting.Count, 1);
        double signalled2 = impacting.Count(f => f.SignalledBeforeImpact(TimeSpan.FromMinutes(2))) / (double)Math.Max(impacting.Count, 1);
        double signalledAtAll = impacting.Count(f => f.FirstSignalAt is not null) / (double)Math.Max(impacting.Count, 1);
        await Line(output, $"  ceiling of this detector: a signal on the faulty service fires before user impact for {signalled:P1} of the user-impacting faults, at least 2 min before for {signalled2:P1} (at all within the fault's window: {signalledAtAll:P1})").ConfigureAwait(false);
        bool ceilingChecked = await PrintCeilingCheckAsync(output, [.. runs.SelectMany(r => r.Model.Impacting.Select(f => (r.TestDay, f)))], signalled2).ConfigureAwait(false);
        double scoring = runs.Average(r => r.Model.ScoringMicrosPerUpdate), features = runs.Average(r => r.FeatureMicrosPerUpdate), training = runs.Average(r => r.Card.TrainingSeconds);
        await Line(output, $"  cost: features {features:F1} us + model scoring {scoring:F1} us per cluster update; training {training:F2} s per day of data").ConfigureAwait(false);
        bool met = model.Before >= 0.6 && model.MedianLead >= 2 && model.Precision >= 0.8;
        await Line(output, $"  goal {(met ? "met" : "NOT met")}").ConfigureAwait(false);
        var json = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["impacting_faults"] = model.Impacting,
            ["predicted_before_impact"] = Math.Round(model.Before, 3),
            ["median_lead_minutes"] = Math.Round(model.MedianLead, 2),
            ["precision"] = Math.Round(model.Precision, 3),
            ["right_service"] = Math.Round(model.RightService, 3),
            ["false_predictions_per_day"] = Math.Round(model.FalsePerDay, 2),
            ["cold_start_predicted_before_impact"] = Math.Round(cold.Before, 3),
            ["cold_start_median_lead_minutes"] = Math.Round(cold.MedianLead, 2),
            ["cold_start_precision"] = Math.Round(cold.Precision, 3),
            ["cold_start_false_predictions_per_day"] = Math.Round(cold.FalsePerDay, 2),
            ["feature_us_per_update"] = Math.Round(features, 2),
            ["scoring_us_per_update"] = Math.Round(scoring, 2),
            ["training_seconds"] = Math.Round(training, 3),
            ["ceiling_before_impact"] = Math.Round(ceiling, 3),
            ["ceiling_2_min_before_impact"] = Math.Round(ceiling2, 3),
            ["signal_ceiling_before_impact"] = Math.Round(signalled, 3),
            ["signal_ceiling_2_min_before_impact"] = Math.Round(signalled2, 3),
            ["signal_ceiling_check_ok"] = ceilingChecked,
            ["dismiss_suppression_minutes"] = dismissSuppression.TotalMinutes,
            ["suppressed_clusters"] = suppressed,
            ["cold_start_suppressed_clusters"] = coldSuppressed,
            ["horizon_minutes"] = horizon.TotalMinutes,
            ["detector"] = detector,
            ["goal_met"] = met,
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(json)).ConfigureAwait(false);
    }

    /// <summary>
    /// The evidence of the detector's ceiling line: for each user-impacting fault, the first minute a signal on the
    /// faulty service fired and the minute users were hit, read from the same replay; then the share with a lead of at
    /// least 2 minutes recounted from these rows and compared with the ceiling line (false when they disagree).
    /// </summary>
    internal static async Task<bool> PrintCeilingCheckAsync(TextWriter output, IReadOnlyList<(string Day, FaultOutcome Fault)> impacting, double signalCeiling2)
    {
        await Line(output, $"  ceiling check, per user-impacting fault (first signal on the faulty service vs user impact, same replay):").ConfigureAwait(false);
        await Line(output, $"    {"day",-12} {"injected",-8} {"service",-22} {"first data",-10} {"first signal",-12} {"users hit",-9} {"signal lead",11}").ConfigureAwait(false);
        int rows = 0, twoMinutes = 0;
        foreach (var (day, f) in impacting)
        {
            {
                var hit = f.UsersHitAt!.Value;
                double? lead = f.FirstSignalAt is { } s ? (hit - s).TotalMinutes : null;
                rows++;
                twoMinutes += lead >= 2 ? 1 : 0;
                string firstData = f.FirstDataAt is { } d ? d.ToString("HH:mm", CultureInfo.InvariantCulture) : "-";
                string firstSignal = f.FirstSignalAt is { } fs ? fs.ToString("HH:mm", CultureInfo.InvariantCulture) : "none";
                string leadText = lead is { } l ? l.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " min" : "-";
                await Line(output, $"    {day,-12} {f.Fault.At:HH:mm:ss} {f.Fault.Service,-22} {firstData,-10} {firstSignal,-12} {hit:HH:mm}     {leadText,11}{(lead >= 2 ? "  >= 2 min" : string.Empty)}").ConfigureAwait(false);
            }
        }

        double recounted = twoMinutes / (double)Math.Max(rows, 1);
        bool agrees = Math.Abs(recounted - signalCeiling2) < 1e-9;
        await Line(output, $"    {twoMinutes} of {rows} listed faults have a signal >= 2 min before users were hit = {recounted:P1}; the ceiling line says {signalCeiling2:P1}: {(agrees ? "agrees" : "DISAGREES")}").ConfigureAwait(false);
        return agrees;
    }

    private static string Summary(ScorerResult r)
    {
        var f = Figures([r]);
        return string.Create(CultureInfo.InvariantCulture,
            $"before impact {f.Before:P1} of {f.Impacting}, median lead {f.MedianLead:F1} min, {r.Predictions.Count} predictions, precision {f.Precision:F2}, right service {f.RightService:P1}, false/day (fault-free time) {f.FalsePerDay:F1}, {r.Dismissed} dismissed, {r.Suppressed} withheld by dismissal suppression");
    }

    private static (int Impacting, double Before, double MedianLead, double Precision, double RightService, double FalsePerDay) Figures(List<ScorerResult> results)
    {
        var impacting = results.SelectMany(r => r.Impacting).ToList();
        var leads = impacting.Where(f => f.LeadMinutes is not null).Select(f => f.LeadMinutes!.Value).Order().ToList();
        int predictions = results.Sum(r => r.Predictions.Count);
        var predicted = impacting.Where(f => f.Prediction is not null).ToList();
        return (
            impacting.Count,
            impacting.Count == 0 ? 0 : impacting.Count(f => f.PredictedBeforeImpact) / (double)impacting.Count,
            leads.Count == 0 ? double.NaN : leads[leads.Count / 2],
            predictions == 0 ? 0 : results.Sum(r => r.TruePredictions) / (double)predictions,
            predicted.Count == 0 ? 0 : predicted.Count(f => f.RightService) / (double)predicted.Count,
            results.Sum(r => r.FalseInFaultFreeTime) / Math.Max(results.Sum(r => r.FaultFreeDays), 1e-9));
    }

    private static Task Line(TextWriter output, FormattableString text) => output.WriteLineAsync(text.ToString(CultureInfo.InvariantCulture));
}
