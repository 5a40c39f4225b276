using System.Globalization;
using System.Text.Json;
using Correlator.Detection;
using Correlator.Prediction;
using Correlator.Service.Bench.Correlation;
using Correlator.Service.Cli;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Eval.Anticipation;

/// <summary><c>correlator eval anticipation</c>: detection → correlation → prediction on the Nezha days, trained on one day and judged on the other.</summary>
internal static class AnticipationCommand
{
    public const string Usage = """
        Usage: correlator eval anticipation --data NEZHA_FOLDER [--detector robust|NAME] [--confirm K] [--of N] [--horizon-minutes H] [--target-precision P] [--threshold D]
                 [--hops K] [--window-minutes N] [--rules RULES.yaml] [--trees T] [--leaves L] [--cold-start-threshold C]
                 [--ignore-features NAMES] [--models DIR] [--dismiss-suppression-minutes M]
        Replays both OnlineBoutique days of rca_data/ through the detectors and the correlation engine (as eval nezha),
        computes the features of every cluster after each minute it changed, trains the FastTree classifier on one day
        (time-ordered: its last 30 % of samples choose the threshold for precision P) and judges it on the other day,
        in both directions, next to the cold-start rule. Defaults: H 15, P 0.8, detector threshold D 0.9999, K 1, N 5,
        T 100, L 8, C 0.7. NAMES (comma-separated, or "none") defaults to hour_sin,hour_cos,weekend: each day of the
        data covers other hours, so time of day would only tell the days apart. --models DIR offers each trained model
        to the model registry in DIR (saved with its card; promoted unless the current model is better on its held-out part).
        --detector robust (default) uses eval nezha's robust detection with its default settings (pod CPU and server P90
        latency, call-edge latency and gap attributed to the callee; median/MAD baseline, directional; docs/nezha.md), a series
        firing when --confirm K (2) of its last --of N (2) minutes are anomalous;
        any other name (e.g. windowedGaussian) scores the eight pod metrics with that catalog detector and --threshold D.
        --dismiss-suppression-minutes M (60, the service's Prediction:DismissSuppression; 0 = off) applies the service's
        dismissal suppression: each false prediction counts as dismissed when its horizon ends without user impact, and
        for M minutes no cluster holding one of its signals is predicted.
        """;

    private static readonly TimeSpan FaultWindow = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TimeProvider clock)
    {
        var options = new VerbArguments(args, Usage, "--data", "--detector", "--confirm", "--of", "--horizon-minutes", "--target-precision", "--threshold", "--hops", "--window-minutes", "--rules", "--trees", "--leaves", "--cold-start-threshold", "--ignore-features", "--models", "--dismiss-suppression-minutes");
        var data = options.String("--data") ?? throw new UsageException("eval anticipation needs --data NEZHA_FOLDER." + Environment.NewLine + Usage);
        var folder = Path.Combine(data, "rca_data");
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"No rca_data folder in {Path.GetFullPath(data)}." + Environment.NewLine + Usage);
        }

        var horizon = TimeSpan.FromMinutes(options.Int("--horizon-minutes", 15, 1, 240));
        var training = new TrainingSettings
        {
            Horizon = horizon,
            TargetPrecision = options.Double("--target-precision", 0.8, 0.01, 1),
            Trees = options.Int("--trees", 100, 1, 2000),
            Leaves = options.Int("--leaves", 8, 2, 256),
            Retrain = "correlator eval anticipation --data ../shared/eval/nezha --models " + (options.String("--models") ?? "DIR"),
            IgnoredFeatures = (options.String("--ignore-features") ?? "hour_sin,hour_cos,weekend") is "none" ? [] : (options.String("--ignore-features") ?? "hour_sin,hour_cos,weekend").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        try
        {
            training.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message + Environment.NewLine + Usage);
        }

        var suppression = TimeSpan.FromMinutes(options.Int("--dismiss-suppression-minutes", 60, 0, 24 * 60));
        var coldStart = new ColdStartRule(options.Double("--cold-start-threshold", ColdStartRule.DefaultThreshold, 0.001, 0.999));
        var settings = Settings(options);
        var days = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(NezhaDay.Load).ToList();
        if (days.Count != 2)
        {
            throw new UsageException($"eval anticipation needs exactly two days in {Path.GetFullPath(folder)}, found {days.Count}." + Environment.NewLine + Usage);
        }

        await output.WriteLineAsync("Detector: " + (settings.Robust is null ? string.Create(CultureInfo.InvariantCulture, $"{settings.Detector} per pod metric, threshold {settings.Threshold}") : string.Create(CultureInfo.InvariantCulture, $"robust (pod CPU and server latency, call-edge latency and gap on the callee; median/MAD baseline, {settings.Robust.Confirm} of {settings.Robust.Of})")) + ".").ConfigureAwait(false);
        await output.WriteLineAsync("User impact: " + UserImpact.Rule + ".").ConfigureAwait(false);
        await output.WriteLineAsync("Features hidden from the model: " + (training.IgnoredFeatures.Count == 0 ? "none" : string.Join(", ", training.IgnoredFeatures)) + ".").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Label: users impacted within {horizon.TotalMinutes} min after the cluster update. A prediction is true when users are impacted within that horizon after it.")).ConfigureAwait(false);
        await output.WriteLineAsync(suppression > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"Dismissal suppression (as the service): a false prediction is dismissed when its horizon ends; for {suppression.TotalMinutes} min no cluster holding one of its signals is predicted.")
            : "Dismissal suppression: off.").ConfigureAwait(false);
        var registry = options.String("--models") is { } models ? new ModelRegistry(models) : null;
        var runs = new List<DirectionRun>();
        foreach (var (train, test) in new[] { (days[0], days[1]), (days[1], days[0]) })
        {
            var run = Direction(train, test, settings, training, coldStart, clock, registry, suppression);
            runs.Add(run);
            await AnticipationReport.PrintDirectionAsync(output, run).ConfigureAwait(false);
        }

        await AnticipationReport.PrintSummaryAsync(output, runs, horizon, training.TargetPrecision, settings.Detector, suppression).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The replay's settings from the options: the detector (robust by default, else a catalog name), hops, window and rules.</summary>
    internal static NezhaSettings Settings(VerbArguments options)
    {
        var detector = options.String("--detector") ?? PodSignals.RobustDetector;
        if (detector != PodSignals.RobustDetector && !DetectorCatalog.All.ContainsKey(detector))
        {
            throw new UsageException($"Unknown detector '{detector}' (known: {PodSignals.RobustDetector}, {string.Join(", ", DetectorCatalog.All.Keys)})." + Environment.NewLine + Usage);
        }

        return new NezhaSettings(
            detector, options.Double("--threshold", 0.9999, 0, 1), options.Int("--hops", 1, 0, 10),
            TimeSpan.FromMinutes(options.Int("--window-minutes", 5, 1, 120)), FaultWindow, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2),
            options.String("--rules") is { } rules ? File.ReadAllText(rules) : null,
            detector == PodSignals.RobustDetector ? Robust(options) : null);
    }

    private static RobustSettings Robust(VerbArguments options)
    {
        var d = RobustSettings.Default;
        int of = options.Int("--of", d.Of, 1, 10);
        int confirm = options.Int("--confirm", d.Confirm, 1, 10);
        return confirm <= of
            ? d with { Confirm = confirm, Of = of }
            : throw new UsageException($"--confirm ({confirm}) cannot exceed --of ({of})." + Environment.NewLine + Usage);
    }

    private static DirectionRun Direction(NezhaDay train, NezhaDay test, NezhaSettings settings, TrainingSettings training, ColdStartRule coldStart, TimeProvider clock, ModelRegistry? registry, TimeSpan suppression)
    {
        var trainReplay = AnticipationReplay.Run(train, new UserImpact(train.Front), settings, new ClusterHistory());
        var samples = AnticipationEvaluation.Samples(trainReplay, training.Horizon);
        var result = AnticipationTrainer.Train(samples, training, clock, registry?.NextVersion() ?? 1);
        using var model = result.Model;
        var decision = registry?.Consider(result);

        // Outcomes of the training day are history only when that day came first; the reverse run starts without any.
        var history = train.Rows[0].At < test.Rows[0].At ? trainReplay.History : new ClusterHistory();
        var testReplay = AnticipationReplay.Run(test, new UserImpact(test.Front), settings, history);
        var modelResult = AnticipationEvaluation.Score(testReplay, model, training.Horizon, FaultWindow, suppression);
        var coldResult = AnticipationEvaluation.Score(testReplay, coldStart, training.Horizon, FaultWindow, suppression);
        return new DirectionRun(train.Name, test.Name, samples.Count, samples.Count(s => s.Label), result.Card, modelResult, coldResult,
            testReplay.FeatureTime.TotalMicroseconds / Math.Max(testReplay.Updates.Count, 1), testReplay.Updates.Count, testReplay.Impact.ImpactedMinutes, decision);
    }
}

/// <summary>One direction of the evaluation: trained on one day, judged on the other.</summary>
internal sealed record DirectionRun(string TrainDay, string TestDay, int TrainSamples, int TrainPositives, ModelCard Card, ScorerResult Model, ScorerResult ColdStart, double FeatureMicrosPerUpdate, int TestUpdates, int TestImpactedMinutes, PromotionDecision? Registry);
