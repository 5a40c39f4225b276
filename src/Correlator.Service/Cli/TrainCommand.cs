using System.Globalization;
using System.Text.Json;
using Correlator.Prediction;
using Correlator.Service.Composition;
using Correlator.Service.Prediction;

namespace Correlator.Service.Cli;

/// <summary>
/// <c>correlator train --from DATE --to DATE [--db FILE | --data DIR] [--models DIR] [--horizon HH:MM:SS]
/// [--target-precision P] [--validation-share S] [--entry SERVICE,...]</c>: builds features and labels from the
/// store's incidents opened in [from, to) (<see cref="StoreTrainingSet"/>; people's confirm / dismiss override the
/// labels), trains the FastTree classifier with a time-ordered split, writes the model and its card to the models
/// folder, and lets the registry decide whether it replaces the promoted one. Prints a report and one JSON line.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] Valued = ["--from", "--to", "--db", "--models", "--horizon", "--target-precision", "--validation-share", "--entry"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TimeProvider clock, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (Array.IndexOf(Valued, args[i]) >= 0)
            {
                values[args[i]] = i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var (positional, settings, _) = CommandLine.Parse([.. rest]);
        if (positional.Count > 0 || !values.TryGetValue("--from", out var fromText) || !values.TryGetValue("--to", out var toText))
        {
            throw new UsageException("train needs: correlator train --from DATE --to DATE [--db FILE | --data DIR] [--models DIR] [--horizon 00:15:00] [--target-precision 0.8] [--validation-share 0.3] [--entry SERVICE,...]");
        }

        var from = Time(fromText, "--from");
        var to = Time(toText, "--to");
        if (to <= from)
        {
            throw new UsageException($"--to ({to:O}) must be after --from ({from:O}).");
        }

        var trainingSettings = new TrainingSettings
        {
            Horizon = values.TryGetValue("--horizon", out var h) ? Span(h) : TimeSpan.FromMinutes(15),
            TargetPrecision = values.TryGetValue("--target-precision", out var p) ? Number(p, "--target-precision") : 0.8,
            ValidationShare = values.TryGetValue("--validation-share", out var v) ? Number(v, "--validation-share") : 0.3,
            Retrain = $"correlator train --from {fromText} --to {toText}",
        };
        if (values.TryGetValue("--db", out var db))
        {
            if (!File.Exists(db))
            {
                throw new UsageException($"--db {db}: no such file.");
            }

            settings = [.. settings, "--Storage:DataDirectory=" + Path.GetDirectoryName(Path.GetFullPath(db)), "--Storage:FileName=" + Path.GetFileName(db)];
        }

        var configuration = new ConfigurationBuilder().AddCommandLine(settings).Build();
        await using var store = await CorrelatorServices.OpenStoreAsync(configuration, cancellationToken).ConfigureAwait(false);
        var entries = values.TryGetValue("--entry", out var e) ? e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var set = await StoreTrainingSet.BuildAsync(store, from, to, trainingSettings.Horizon, ServiceCriticality.FromCalls([], entries), cancellationToken).ConfigureAwait(false);
        int positives = set.Samples.Count(s => s.Label);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"train: {set.Incidents} incidents opened in [{from:u}, {to:u}) from {store.FilePath}; {set.Samples.Count} samples, {positives} positive; {set.FeedbackIncidents} incidents with a person's verdict")).ConfigureAwait(false);
        var registry = new ModelRegistry(values.GetValueOrDefault("--models") ?? "models/anticipation");
        TrainingResult result;
        try
        {
            result = AnticipationTrainer.Train(set.Samples, trainingSettings, clock, registry.NextVersion());
        }
        catch (InvalidOperationException error)
        {
            await output.WriteLineAsync("train: cannot train: " + error.Message + " The cold-start rule stays in use.").ConfigureAwait(false);
            await output.WriteLineAsync(Json(set, positives, null, null)).ConfigureAwait(false);
            return 5;
        }

        var decision = registry.Consider(result);
        var card = result.Card;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"model v{card.Version}: trained on {card.TrainRows} samples ({card.TrainPositives} positive) in {card.TrainingSeconds:F2} s; held out from {card.ValidationFrom:u}: AUC {card.Validation.Auc:F3}, average precision {card.Validation.AveragePrecision:F3}, precision {card.Validation.Precision:F3} / recall {card.Validation.Recall:F3} at threshold {card.Threshold:F3}; {card.FeedbackLabels} feedback labels")).ConfigureAwait(false);
        await output.WriteLineAsync($"registry {registry.Directory}: {decision.Reason}").ConfigureAwait(false);
        await output.WriteLineAsync(Json(set, positives, card, decision)).ConfigureAwait(false);
        return 0;
    }

    private static string Json(StoreSamples set, int positives, ModelCard? card, PromotionDecision? decision) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["samples"] = set.Samples.Count,
        ["positives"] = positives,
        ["feedback_labels"] = set.Samples.Count(s => s.Origin == TrainingSample.Feedback),
        ["version"] = card?.Version,
        ["promoted"] = decision?.Promoted,
        ["average_precision"] = card?.Validation.AveragePrecision,
        ["threshold"] = card?.Threshold,
        ["training_seconds"] = card?.TrainingSeconds,
    });

    private static DateTimeOffset Time(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : throw new UsageException($"{name} '{text}' is not a date (RFC 3339 or yyyy-MM-dd).");

    private static TimeSpan Span(string text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : throw new UsageException($"--horizon '{text}' is not a positive duration (HH:MM:SS).");

    private static double Number(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && d < 1 ? d : throw new UsageException($"{name} '{text}' is not a number strictly between 0 and 1.");
}
