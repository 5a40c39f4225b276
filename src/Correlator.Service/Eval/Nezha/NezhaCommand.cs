using System.Globalization;
using System.Text.Json;
using Correlator.Detection;
using Correlator.Service.Bench.Correlation;
using Correlator.Service.Cli;

namespace Correlator.Service.Eval.Nezha;

/// <summary><c>correlator eval nezha</c>: per-pod metrics through detectors and the correlation engine, scored per injected fault.</summary>
internal static class NezhaCommand
{
    public const string Usage = """
        Usage: correlator eval nezha --data NEZHA_FOLDER [--detector NAME] [--threshold P] [--hops K] [--window-minutes N] [--rules RULES.yaml]
        Streams every OnlineBoutique day of rca_data/ (per-pod metrics, one row a minute) through one detector per pod
        metric and the correlation engine (call graph from dependency.csv as topology, K hops), then scores each
        injected fault: caught (an incident with a signal on the faulty service after injection) within 3 minutes,
        before the front end's success rate or latency degraded, faulty service ranked first; and incidents opened
        in fault-free time per day. --rules adds a rule file (no topology section: --hops sets it). Defaults: detector windowedGaussian, threshold 0.9999, hops 1, window 5.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--data", "--detector", "--threshold", "--hops", "--window-minutes", "--rules");
        var data = options.String("--data") ?? throw new UsageException("eval nezha needs --data NEZHA_FOLDER." + Environment.NewLine + Usage);
        var days = Path.Combine(data, "rca_data");
        if (!Directory.Exists(days))
        {
            throw new UsageException($"No rca_data folder in {Path.GetFullPath(data)}." + Environment.NewLine + Usage);
        }

        var detector = options.String("--detector") ?? DetectorCatalog.WindowedGaussian;
        if (!DetectorCatalog.All.ContainsKey(detector))
        {
            throw new UsageException($"Unknown detector '{detector}' (known: {string.Join(", ", DetectorCatalog.All.Keys)})." + Environment.NewLine + Usage);
        }

        var settings = new NezhaSettings(
            detector,
            options.Double("--threshold", 0.9999, 0, 1),
            options.Int("--hops", 1, 0, 10),
            TimeSpan.FromMinutes(options.Int("--window-minutes", 5, 1, 120)),
            TimeSpan.FromMinutes(10),
            TimeSpan.FromMinutes(3),
            TimeSpan.FromMinutes(2),
            options.String("--rules") is { } rules ? File.ReadAllText(rules) : null);
        var results = new List<NezhaDayResult>();
        foreach (var folder in Directory.GetDirectories(days).Order(StringComparer.Ordinal))
        {
            var day = NezhaDay.Load(folder);
            var result = NezhaEvaluation.Run(day, settings);
            results.Add(result);
            await PrintDayAsync(output, result, settings).ConfigureAwait(false);
        }

        await PrintSummaryAsync(output, results, settings).ConfigureAwait(false);
        return 0;
    }

    private static async Task PrintDayAsync(TextWriter output, NezhaDayResult day, NezhaSettings settings)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{day.Day}: {day.Faults.Count} faults, {day.Signals} anomaly signals, {day.Incidents} incidents ({day.FalseIncidents} in fault-free time, {day.FaultFreeDays * 24:F1} h)")).ConfigureAwait(false);
        foreach (var f in day.Faults)
        {
            var delay = f.Delay is { } d ? $"{d.TotalMinutes,5:F1} min" : "  missed ";
            var users = f.UsersHitAt is { } hit ? $"users hit +{(hit - f.Fault.At).TotalMinutes:F0} min" : "users not hit";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {f.Fault.At:HH:mm:ss} {f.Fault.Service,-22} {f.Fault.Type,-15} {delay}  {(f.CaughtWithin(settings.CatchWithin) ? "caught" : "late/missed"),-11} {users,-18} {(f.DetectedAt is null ? string.Empty : f.BeforeUsers ? "before users" : "after users"),-12}  first: {f.RankedFirst ?? "-"}{(f.RootCauseFirst ? " (right)" : string.Empty)}  incidents opened: {f.IncidentsInWindow}")).ConfigureAwait(false);
        }
    }

    private static async Task PrintSummaryAsync(TextWriter output, List<NezhaDayResult> days, NezhaSettings settings)
    {
        var faults = days.SelectMany(d => d.Faults).ToList();
        int n = faults.Count;
        double caught = faults.Count(f => f.CaughtWithin(settings.CatchWithin)) / (double)n;
        double caughtAny = faults.Count(f => f.DetectedAt is not null) / (double)n;
        double first = faults.Count(f => f.RootCauseFirst) / (double)n;
        double before = faults.Count(f => f.BeforeUsers) / (double)n;
        var delays = faults.Where(f => f.Delay is not null).Select(f => f.Delay!.Value.TotalMinutes).Order().ToList();
        double falsePerDay = days.Sum(d => d.FalseIncidents) / Math.Max(days.Sum(d => d.FaultFreeDays), 1e-9);
        double incidentsPerFault = faults.Average(f => f.IncidentsInWindow);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Nezha OnlineBoutique, {n} faults, detector {settings.Detector} >= {settings.Threshold}, topology {settings.Hops} hop(s), window {settings.Window.TotalMinutes} min:")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  caught within 3 min {caught:P1} (goal >= 90 %), caught at all (10 min) {caughtAny:P1}, median delay {(delays.Count == 0 ? double.NaN : delays[delays.Count / 2]):F1} min")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  alerted before the front end degraded {before:P1}; faulty service ranked first {first:P1} (goal >= 70 %); incidents opened per fault window {incidentsPerFault:F2}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  false incidents per day of fault-free time {falsePerDay:F1} (goal <= 1)")).ConfigureAwait(false);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["faults"] = n,
            ["caught_within_3_min"] = Math.Round(caught, 3),
            ["caught_within_10_min"] = Math.Round(caughtAny, 3),
            ["before_users"] = Math.Round(before, 3),
            ["root_cause_first"] = Math.Round(first, 3),
            ["false_incidents_per_day"] = Math.Round(falsePerDay, 2),
            ["incidents_per_fault"] = Math.Round(incidentsPerFault, 2),
            ["detector"] = settings.Detector,
            ["threshold"] = settings.Threshold,
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
    }
}
