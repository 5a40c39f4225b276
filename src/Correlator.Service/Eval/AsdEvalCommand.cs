using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Detection.Multivariate;
using Correlator.Service.Cli;

namespace Correlator.Service.Eval;

/// <summary><c>correlator eval asd</c>: the per-entity ML.NET PCA model over the Application Server Dataset.</summary>
internal static class AsdEvalCommand
{
    // Measured on ASD (docs/detection.md): rank 10 caught 32 of 77 segments at 1.57 false alerts a day, rank 5 22, rank 3 13.
    private const int DefaultRank = 10;

    public static string Usage { get; } =
        "Usage: correlator eval asd --data ASD_FOLDER [--rank N] [--quantile Q] [--blame K] [--save-models DIR]\n"
        + "Trains one PCA model per server on train/, scores test/, and reports per labelled segment: caught or not,\n"
        + "detection delay, the K metrics blamed (default 3) against the interpretation label, and false alerts per day.\n"
        + "--rank (default 10) and --quantile (threshold quantile of training scores, default 0.995) set the model.";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? data = null, save = null;
        var options = new EntityModelOptions { Rank = DefaultRank };
        var blame = 3;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value." + Environment.NewLine + Usage);
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--save-models": save = Value(); break;
                case "--rank": options = options with { Rank = Int(Value(), "--rank") }; break;
                case "--blame": blame = Int(Value(), "--blame"); break;
                case "--quantile":
                    var text = Value();
                    options = options with
                    {
                        ThresholdQuantile = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q is > 0.0 and < 1.0
                            ? q
                            : throw new UsageException($"--quantile must be a number between 0 and 1, not '{text}'." + Environment.NewLine + Usage),
                    };
                    break;
                default: throw new UsageException($"Unknown option {args[i]}." + Environment.NewLine + Usage);
            }
        }

        if (data is null || !Directory.Exists(data))
        {
            throw new UsageException((data is null ? "eval asd needs --data ASD_FOLDER." : $"No such folder: {Path.GetFullPath(data)}") + Environment.NewLine + Usage);
        }

        var watch = Stopwatch.StartNew();
        var results = new List<AsdServerResult>();
        foreach (var server in AsdServer.LoadAll(data))
        {
            var result = AsdEvaluation.Evaluate(server, options, blame, save);
            results.Add(result);
            await PrintServerAsync(output, result).ConfigureAwait(false);
        }

        await PrintSummaryAsync(output, results, options, watch.Elapsed).ConfigureAwait(false);
        return 0;
    }

    private static int Int(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{name} must be a whole number above 0, not '{text}'." + Environment.NewLine + Usage);

    private static async Task PrintServerAsync(TextWriter output, AsdServerResult result)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Server}: threshold {result.Threshold:G6}, {result.Segments.Count(s => s.Caught)}/{result.Segments.Count} segments caught, {result.FalseAlerts} false alerts in {result.Days:F1} days")).ConfigureAwait(false);
        foreach (var s in result.Segments)
        {
            var line = s.Caught
                ? string.Create(CultureInfo.InvariantCulture, $"caught after {s.DelayMinutes} min, blamed m{string.Join(",m", s.Blamed)}, {s.Blamed.Count(s.Segment.Metrics.Contains)}/{s.Blamed.Count} in the label")
                : "missed";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  rows {s.Segment.First}-{s.Segment.Last} ({s.Segment.Metrics.Count} labelled metrics): {line}")).ConfigureAwait(false);
        }
    }

    private static async Task PrintSummaryAsync(TextWriter output, List<AsdServerResult> results, EntityModelOptions options, TimeSpan elapsed)
    {
        var segments = results.SelectMany(r => r.Segments).ToArray();
        var caught = segments.Where(s => s.Caught).ToArray();
        var days = results.Sum(r => r.Days);
        var falseAlerts = results.Sum(r => r.FalseAlerts);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["asd_segments"] = segments.Length,
            ["asd_caught"] = caught.Length,
            ["asd_recall"] = Math.Round(segments.Length == 0 ? 0.0 : (double)caught.Length / segments.Length, 3),
            ["asd_mean_delay_minutes"] = Math.Round(caught.Length == 0 ? 0.0 : caught.Average(s => s.DelayMinutes ?? 0), 1),
            ["asd_median_delay_minutes"] = caught.Length == 0 ? 0 : caught.Select(s => s.DelayMinutes ?? 0).Order().ElementAt(caught.Length / 2),
            ["asd_false_alerts_per_day"] = Math.Round(days == 0 ? 0.0 : falseAlerts / days, 2),
            ["asd_blame_precision"] = Math.Round(caught.Length == 0 ? 0.0 : caught.Average(s => s.BlamePrecision ?? 0.0), 3),
        };
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ASD: {results.Count} servers, PCA rank {options.Rank}, threshold quantile {options.ThresholdQuantile}: {caught.Length}/{segments.Length} segments caught, mean delay {figures["asd_mean_delay_minutes"]} min, {figures["asd_false_alerts_per_day"]} false alerts/day, blamed metrics in the label {figures["asd_blame_precision"]}, {elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
    }
}
