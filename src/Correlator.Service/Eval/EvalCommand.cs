using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Detection;
using Correlator.Detection.Art;
using Correlator.Detection.Ensemble;
using Correlator.Service.Cli;

namespace Correlator.Service.Eval;

/// <summary><c>correlator eval nab</c>: a detector over the Numenta Anomaly Benchmark, scored by the project's own NAB scorer.</summary>
internal static class EvalCommand
{
    public static string Usage { get; } =
        "Usage: correlator eval nab --data NAB_FOLDER [--out RESULTS_FOLDER] [--detector NAME] [--round-digits N]\n"
        + "                         [--alarm-budget-window N] [--alarm-budget-step X] [--seen-range-window N]\n"
        + "                         [--context-budget-window N] [--seasonal-alarm X] [--art-member | --no-art-member]\n"
        + "                         [--art-networks N] [--art-votes N] [--art-quiet-length N]\n"
        + "Runs a detector over every data file of a NAB-layout folder (data/, labels/combined_windows.json,\n"
        + "config/profiles.json), writes one result CSV per file (timestamp,value,anomaly_score,label) when --out\n"
        + "is given, and prints the standard, reward_low_FP_rate and reward_low_FN_rate scores. --round-digits 12\n"
        + "rounds scores as NAB's published result files do. --alarm-budget-window / --alarm-budget-step set the\n"
        + $"correlator detector's alarm budget (defaults {new CorrelatorDetectorOptions().AlarmBudgetWindow} values / {new CorrelatorDetectorOptions().AlarmBudgetStep.ToString(CultureInfo.InvariantCulture)}; 0 turns it off, the behaviour before 2026-12-06);\n"
        + "--seen-range-window sets over how many past values a surprise alarm needs a new extreme of the value or of its\n"
        + $"10-value average (default {new CorrelatorDetectorOptions().SeenRangeWindow}; 0 turns it off, the behaviour before the \"nab6\" slice of 2026-12-06);\n"
        + $"--context-budget-window sets over how many past values at most {new CorrelatorDetectorOptions().ContextBudgetAlarms} alarms of the contextual member are raised (default\n"
        + $"{new CorrelatorDetectorOptions().ContextBudgetWindow}; 0 turns it off, the behaviour before the \"nab9\" slice of 2026-12-06);\n"
        + $"--seasonal-alarm sets the surprise at which the seasonal member (a broken periodic pattern) alarms (default\n"
        + $"{SeasonalDefault()}; 0 turns the member off, the behaviour before the \"nab10\" slice of 2026-12-06);\n"
        + $"--art-member / --no-art-member turn its fuzzy-ART member on / off (default {(new CorrelatorDetectorOptions().Art is null ? "off" : "on")}, see docs/detection.md); --art-networks,\n"
        + "--art-votes and --art-quiet-length set the member's networks, the votes an alarm needs and the quiet stretch before a\n"
        + $"network's novelty counts (defaults {new ArtEnsembleOptions().Networks} / {new ArtEnsembleOptions().Votes} / {new ArtEnsembleOptions().QuietLength}; 1 / 1 / 0 is the single network of the fifth slice; any of them turns the member on).\n"
        + $"Detectors: {string.Join(", ", DetectorCatalog.All.Keys)} (default {DetectorCatalog.Default}).";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length > 0 && args[0] is "nezha" or "telecom")
        {
            return await CorrelationEvalCommand.RunAsync(args, output).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "itsm")
        {
            return await ItsmEvalCommand.RunAsync(args, output).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "anticipation")
        {
            return await Anticipation.AnticipationCommand.RunAsync(args[1..], output, TimeProvider.System).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "asd")
        {
            return await AsdEvalCommand.RunAsync(args, output).ConfigureAwait(false);
        }

        if (args.Length == 0 || args[0] != "nab")
        {
            throw new UsageException("eval needs a data set: nab, asd, nezha, telecom, itsm or anticipation." + Environment.NewLine + Usage + Environment.NewLine + AsdEvalCommand.Usage + Environment.NewLine + ItsmEvalCommand.Usage);
        }

        string? data = null, results = null;
        string detector = DetectorCatalog.Default;
        int? digits = null;
        int? budgetWindow = null;
        double? budgetStep = null;
        int? seenRangeWindow = null;
        int? contextBudgetWindow = null;
        double? seasonalAlarm = null;
        bool? artMember = null;
        int? artNetworks = null, artVotes = null, artQuiet = null;
        for (int i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value." + Environment.NewLine + Usage);
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--out": results = Value(); break;
                case "--detector":
                    detector = Value();
                    if (!DetectorCatalog.All.ContainsKey(detector))
                    {
                        throw new UsageException($"Unknown detector '{detector}'." + Environment.NewLine + Usage);
                    }

                    break;
                case "--round-digits":
                    var text = Value();
                    digits = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 17
                        ? n
                        : throw new UsageException($"--round-digits must be a whole number from 1 to 17, not '{text}'." + Environment.NewLine + Usage);
                    break;
                case "--alarm-budget-window":
                    var windowText = Value();
                    budgetWindow = int.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                        ? w
                        : throw new UsageException($"--alarm-budget-window must be a whole number, 0 or more, not '{windowText}'." + Environment.NewLine + Usage);
                    break;
                case "--alarm-budget-step":
                    var stepText = Value();
                    budgetStep = double.TryParse(stepText, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= 0.0 && double.IsFinite(x)
                        ? x
                        : throw new UsageException($"--alarm-budget-step must be a finite number, 0 or more, not '{stepText}'." + Environment.NewLine + Usage);
                    break;
                case "--seen-range-window":
                    var seenText = Value();
                    seenRangeWindow = int.TryParse(seenText, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
                        ? r
                        : throw new UsageException($"--seen-range-window must be a whole number, 0 or more, not '{seenText}'." + Environment.NewLine + Usage);
                    break;
                case "--context-budget-window":
                    var contextText = Value();
                    contextBudgetWindow = int.TryParse(contextText, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                        ? c
                        : throw new UsageException($"--context-budget-window must be a whole number, 0 or more, not '{contextText}'." + Environment.NewLine + Usage);
                    break;
                case "--seasonal-alarm":
                    var seasonalText = Value();
                    seasonalAlarm = double.TryParse(seasonalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var sa) && sa >= 0.0 && double.IsFinite(sa)
                        ? sa
                        : throw new UsageException($"--seasonal-alarm must be a finite number, 0 or more, not '{seasonalText}'." + Environment.NewLine + Usage);
                    break;
                case "--art-member": artMember = true; break;
                case "--no-art-member": artMember = false; break;
                case "--art-networks": artNetworks = WholeNumber(args[i], Value()); break;
                case "--art-votes": artVotes = WholeNumber(args[i], Value()); break;
                case "--art-quiet-length": artQuiet = WholeNumber(args[i], Value()); break;
                default: throw new UsageException($"Unknown option {args[i]}." + Environment.NewLine + Usage);
            }
        }

        var factory = DetectorCatalog.All[detector];
        var artGiven = artMember is not null || artNetworks is not null || artVotes is not null || artQuiet is not null;
        if (budgetWindow is not null || budgetStep is not null || seenRangeWindow is not null || contextBudgetWindow is not null || seasonalAlarm is not null || artGiven)
        {
            if (detector != DetectorCatalog.Correlator)
            {
                throw new UsageException($"--alarm-budget-window, --alarm-budget-step, --seen-range-window, --context-budget-window, --seasonal-alarm and the --art-* options apply to the {DetectorCatalog.Correlator} detector only, not '{detector}'." + Environment.NewLine + Usage);
            }

            var defaults = new CorrelatorDetectorOptions();
            var options = defaults with
            {
                AlarmBudgetWindow = budgetWindow ?? defaults.AlarmBudgetWindow,
                AlarmBudgetStep = budgetStep ?? defaults.AlarmBudgetStep,
                SeenRangeWindow = seenRangeWindow ?? defaults.SeenRangeWindow,
                ContextBudgetWindow = contextBudgetWindow ?? defaults.ContextBudgetWindow,
                Seasonal = seasonalAlarm is null ? defaults.Seasonal : seasonalAlarm == 0.0 ? null : defaults.Seasonal ?? new Correlator.Detection.Seasonal.SeasonalDetectorOptions(),
                SeasonalAlarmSurprise = seasonalAlarm is > 0.0 ? seasonalAlarm.Value : defaults.SeasonalAlarmSurprise,
                Art = artMember == false
                    ? null
                    : artMember == true || artNetworks is not null || artVotes is not null || artQuiet is not null || defaults.Art is not null
                        ? ArtMember(artNetworks, artVotes, artQuiet)
                        : null,
            };
            factory = () => new CorrelatorDetector(options);
        }

        if (data is null || !Directory.Exists(data))
        {
            throw new UsageException((data is null ? "eval nab needs --data NAB_FOLDER." : $"No such folder: {Path.GetFullPath(data)}") + Environment.NewLine + Usage);
        }

        var watch = Stopwatch.StartNew();
        var corpus = NabCorpus.Load(data);
        var report = NabEvaluation.Evaluate(corpus, factory, digits);
        watch.Stop();
        if (results is not null)
        {
            NabEvaluation.WriteResults(report, results);
        }

        await PrintAsync(output, corpus, report, digits, watch.Elapsed, results).ConfigureAwait(false);
        return 0;
    }

    // The seasonal member's alarm surprise when it is on by default, else "off".
    private static string SeasonalDefault() =>
        new CorrelatorDetectorOptions() is { Seasonal: not null } defaults ? defaults.SeasonalAlarmSurprise.ToString(CultureInfo.InvariantCulture) : "off";

    private static async Task PrintAsync(TextWriter output, NabCorpus corpus, NabReport report, int? digits, TimeSpan elapsed, string? results)
    {
        var rows = corpus.Files.Sum(f => f.RowCount);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"NAB: detector {report.DetectorName}, {corpus.Files.Count} files, {rows} rows, {corpus.LabelledWindowCount} windows, {elapsed.TotalSeconds:F1} s ({rows / Math.Max(elapsed.TotalSeconds, 1e-9):F0} rows/s){(digits is { } d ? $", scores rounded to {d} significant digits" : string.Empty)}")).ConfigureAwait(false);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal) { ["detector"] = report.DetectorName };
        foreach (var profile in report.Profiles)
        {
            var detected = profile.Files.Sum(f => f.WindowsDetected);
            var missed = profile.Files.Sum(f => f.WindowsMissed);
            var falsePositives = profile.Files.Sum(f => f.FalsePositives);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {profile.Profile.Name,-20} score {profile.NormalizedScore,6:F2}   threshold {profile.Threshold:G15}   windows detected {detected}, missed {missed}, false positives {falsePositives}")).ConfigureAwait(false);
            figures["nab_" + profile.Profile.Name] = Math.Round(profile.NormalizedScore, 2);
        }

        if (results is not null)
        {
            await output.WriteLineAsync($"  result files in {Path.GetFullPath(results)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
    }

    private static int WholeNumber(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{option} must be a whole number, 0 or more, not '{text}'." + Environment.NewLine + Usage);

    // The default member with the options given; a combination that cannot work is a usage error naming the setting.
    private static ArtEnsembleOptions ArtMember(int? networks, int? votes, int? quietLength)
    {
        var defaults = new ArtEnsembleOptions();
        var member = defaults with
        {
            Networks = networks ?? defaults.Networks,
            Votes = votes ?? defaults.Votes,
            QuietLength = quietLength ?? defaults.QuietLength,
        };
        try
        {
            member.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--art-networks / --art-votes / --art-quiet-length: {e.Message}" + Environment.NewLine + Usage);
        }

        return member;
    }
}
