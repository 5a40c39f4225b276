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
        Usage: correlator eval nezha --data NEZHA_FOLDER [--detector robust|NAME] [--threshold P] [--hops K] [--window-minutes N] [--rules RULES.yaml]
                 [--baseline-points N] [--min-history N] [--confirm K] [--of N] [--min-ratio R] [--z-cpu Z] [--z-latency Z] [--z-edge Z] [--z-gap Z]
                 [--front-sli on|off] [--z-front Z] [--z-front-latency Z] [--quiet-caller on|off] [--corroborate F] [--footprint-z K]
                 [--confirm-z F] [--spike S] [--spike-cpu S] [--follow-callee on|off] [--z-callee Z] [--follow-workload on|off] [--z-workload Z]
                 [--silent-edges N] [--silent-scope callee|edge] [--min-tail-requests N] [--unlabelled FILE]
        Streams every OnlineBoutique day of rca_data/ (per-pod metrics, one row a minute) through one detector per pod
        metric and the correlation engine (call graph from dependency.csv as topology, K hops), then scores each
        injected fault: caught (an incident with a signal on the faulty service after injection) within 3 minutes,
        before the front end's success rate or latency degraded, faulty service ranked first; and incidents opened
        in fault-free time per day. --rules adds a rule file (no topology section: --hops sets it). Defaults: detector robust, hops 1, window 3 (5 with a catalogue detector).
        Detector robust (docs/nezha.md): pod CPU and server P90 latency, each call edge's caller-side latency and caller-callee
        gap (source_50/destination_50, attributed to the callee), each judged against the median/MAD of its last
        --baseline-points (30) normal minutes once it has --min-history (3); a minute is anomalous when it is above the median
        by Z robust deviations (--z-cpu 3, --z-latency 6, --z-edge 6, --z-gap 3) and at least --min-ratio (2) times it; a series fires
        when --confirm (2) of its last --of (2) minutes are anomalous. Any other detector name (e.g. windowedGaussian, with
        --threshold, default 0.9999) scores eight pod metrics with that detector from the catalog, as before.
        --front-sli (default on since 2026-12-06; off = the previous default) follows the front end's own SLIs (front_service.csv:
        failure rate, up, Z --z-front 2, and P90 latency, up, Z --z-front-latency 6) as frontend's series, sent to the engine after
        the minute's pod and edge signals; --quiet-caller keeps an edge's signals quiet while its caller's own CPU/latency fire; --corroborate F
        (0 = off) lets a pod's server latency fire only when an edge into its service rose to F x the edge Z in the same minute.
        --confirm-z F (1 = off): hysteresis of the k-of-n confirmation, the other points of the k need only F x Z (and the ratio), one must reach Z;
        --spike S (0 = off): one point at S x Z or more (and the ratio) fires alone (--spike-cpu: pod CPU only, default 1.5); --follow-callee on also follows each edge's
        callee-side latency (destination_50, up, Z --z-callee 6), attributed to the callee; --follow-workload on also follows each
        pod's workload downwards (a drop to 1/ratio of the median or less, Z --z-workload 6); --silent-edges N (default 2, 0 = off) fires on
        the caller of an edge that carries no calls for N minutes in a row while the caller still calls something else and
        (--silent-scope callee, the default) no other caller calls the callee either (--silent-scope edge: the edge alone).
        --min-tail-requests N (default 2, 0 = off) judges a pod's server P90 latency only in minutes with at least N requests
        above the percentile (workload x 60 s x 0.1 >= N; a P90 over fewer requests is a request or two's latency); a thinner
        minute breaks a confirmation and stays out of the baseline.
        --unlabelled FILE (CSV day,start,service,signature; docs/examples/nezha-unlabelled.csv): events that look like injections
        missing from the fault lists; adds a second false-incident figure that leaves out incidents opened in their windows
        (10 min, like a fault's) and their time. The official figure is unchanged.
        Misses: for each fault not caught within 3 minutes whose footprint reached --footprint-z, the series of its service that
        moved, minute by minute, with the detector's own z/Z and ratio, and the first rule that stopped it (the cause).
        Footprint (any detector): per fault, the largest robust |z| in the 3 minutes after injection of any series attributed
        to the faulty service (pod metrics, edges into it, front SLIs for frontend) against its 30 minutes before, and how
        many faults exceed --footprint-z (6): the detectable ceiling from metrics.
        """;

    /// <summary>The default of <c>--spike-cpu</c> for <c>eval nezha</c>: one pod CPU minute at 1.5 × Z (and 2 × the median) fires alone (docs/nezha.md, "Detectable misses").</summary>
    public const double CpuSpike = 1.5;

    /// <summary>The default of <c>--silent-edges</c> for <c>eval nezha</c>: a callee that gets no calls for 2 minutes while its caller calls others fires on the caller (docs/nezha.md, "Silent callees").</summary>
    public const int SilentEdgeMinutes = 2;

    /// <summary>The default of <c>--front-sli</c> for <c>eval nezha</c> since 2026-12-06 (docs/nezha.md, "Thin percentiles and the front end's failures").</summary>
    public const bool FrontSliDefault = true;

    /// <summary>The default of <c>--z-front</c> for <c>eval nezha</c>: the front end's failure rate fires at 2 points of % (floor 1, MAD 0 in normal time) for 2 minutes.</summary>
    public const double FrontErrorsZ = 2;

    /// <summary>The default of <c>--min-tail-requests</c> for <c>eval nezha</c>: a pod's server P90 is judged only in minutes with at least 2 requests above it.</summary>
    public const double MinTailRequests = 2;

    /// <summary>The default topology window (minutes) with the robust detector (docs/nezha.md, "Detectable misses"); 5 with a catalogue detector.</summary>
    public const int RobustWindowMinutes = 3;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--data", "--detector", "--threshold", "--hops", "--window-minutes", "--rules",
            "--baseline-points", "--min-history", "--confirm", "--of", "--min-ratio", "--z-cpu", "--z-latency", "--z-edge", "--z-gap",
            "--front-sli", "--z-front", "--z-front-latency", "--quiet-caller", "--corroborate", "--footprint-z",
            "--confirm-z", "--spike", "--spike-cpu", "--follow-callee", "--z-callee", "--follow-workload", "--z-workload", "--silent-edges", "--silent-scope", "--min-tail-requests", "--unlabelled");
        var data = options.String("--data") ?? throw new UsageException("eval nezha needs --data NEZHA_FOLDER." + Environment.NewLine + Usage);
        var days = Path.Combine(data, "rca_data");
        if (!Directory.Exists(days))
        {
            throw new UsageException($"No rca_data folder in {Path.GetFullPath(data)}." + Environment.NewLine + Usage);
        }

        var detector = options.String("--detector") ?? PodSignals.RobustDetector;
        if (detector != PodSignals.RobustDetector && !DetectorCatalog.All.ContainsKey(detector))
        {
            throw new UsageException($"Unknown detector '{detector}' (known: {PodSignals.RobustDetector}, {string.Join(", ", DetectorCatalog.All.Keys)})." + Environment.NewLine + Usage);
        }

        var robust = detector == PodSignals.RobustDetector ? Robust(options) : null;

        var settings = new NezhaSettings(
            detector,
            options.Double("--threshold", 0.9999, 0, 1),
            options.Int("--hops", 1, 0, 10),
            TimeSpan.FromMinutes(options.Int("--window-minutes", robust is null ? 5 : RobustWindowMinutes, 1, 120)),
            TimeSpan.FromMinutes(10),
            TimeSpan.FromMinutes(3),
            TimeSpan.FromMinutes(2),
            options.String("--rules") is { } rules ? File.ReadAllText(rules) : null,
            robust)
        {
            Unlabelled = options.String("--unlabelled") is { } unlabelled ? UnlabelledEvent.Load(unlabelled) : [],
        };
        double footprintZ = options.Double("--footprint-z", 6, 0, 1_000_000);
        var results = new List<NezhaDayResult>();
        var footprints = new List<FaultFootprint>();
        var allMisses = new List<FaultMiss>();
        foreach (var folder in Directory.GetDirectories(days).Order(StringComparer.Ordinal))
        {
            var day = NezhaDay.Load(folder);
            var result = NezhaEvaluation.Run(day, settings);
            results.Add(result);
            await PrintDayAsync(output, result, settings).ConfigureAwait(false);
            var footprint = NezhaFootprint.Measure(day, settings.CatchWithin, 30);
            footprints.AddRange(footprint);
            await PrintFootprintAsync(output, footprint, result, settings, footprintZ).ConfigureAwait(false);
            var misses = NezhaMisses.Explain(day, result, result.Trace, settings.CatchWithin, 30, footprintZ);
            allMisses.AddRange(misses);
            await PrintMissesAsync(output, misses, footprintZ).ConfigureAwait(false);
        }

        await PrintSummaryAsync(output, results, settings, footprints, footprintZ, allMisses).ConfigureAwait(false);
        return 0;
    }

    private static bool OnOff(VerbArguments options, string name, bool byDefault = false) => options.String(name) switch
    {
        null => byDefault,
        "off" => false,
        "on" => true,
        var other => throw new UsageException($"{name} must be on or off, not '{other}'." + Environment.NewLine + Usage),
    };

    private static async Task PrintFootprintAsync(TextWriter output, IReadOnlyList<FaultFootprint> footprints, NezhaDayResult day, NezhaSettings settings, double k)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  footprint (largest robust |z| of any series attributed to the faulty service, {settings.CatchWithin.TotalMinutes:F0} min after injection, against the 30 min before):")).ConfigureAwait(false);
        for (int i = 0; i < footprints.Count; i++)
        {
            var f = footprints[i];
            var caught = day.Faults[i].CaughtWithin(settings.CatchWithin) ? "caught" : "missed";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {f.Fault.At:HH:mm:ss} {f.Fault.Service,-22} {f.Fault.Type,-15} {caught,-7} z {f.MaxZ,8:F1} {(f.MaxZ >= k ? ">=" : "< ")} {k}  {f.Series}")).ConfigureAwait(false);
        }
    }

    private static async Task PrintMissesAsync(TextWriter output, IReadOnlyList<FaultMiss> misses, double k)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  detectable misses (a series of the faulty service moved beyond z={k}, not caught): why the detector did not fire, per series (up to 3, closest to firing first); per minute: value, footprint z, [detector z/Z, value/median, a=anomalous f=firing]")).ConfigureAwait(false);
        foreach (var miss in misses)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {miss.Fault.At:HH:mm:ss} {miss.Fault.Service,-22} {miss.Fault.Type,-15} cause: {miss.Cause}")).ConfigureAwait(false);
            foreach (var series in miss.Series)
            {
                var minutes = string.Join("  ", series.Minutes.Select(m => Minute(miss.Fault, m)));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"      {series.Series} (z {series.FootprintZ:F1}, {series.Cause}): {minutes}")).ConfigureAwait(false);
            }
        }
    }

    private static string Minute(NezhaFault fault, MissMinute m)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"+{(m.At - fault.At).TotalMinutes:F1}m {m.Value:G4} z {m.FootprintZ:F1}");
        if (m.Detector is not { } d)
        {
            return head;
        }

        var p = d.Point;
        var judged = p.Judged
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Z / p.ZThreshold:F2}Z x{p.Value / p.Median:F2}")
            : "not judged";
        return head + string.Create(CultureInfo.InvariantCulture, $" [{judged}{(p.Anomalous ? " a" : string.Empty)}{(d.Firing ? " f" : string.Empty)}{(d.Vetoed ? " vetoed" : string.Empty)}]");
    }

    private static RobustSettings Robust(VerbArguments options)
    {
        var d = RobustSettings.Default;
        int of = options.Int("--of", d.Of, 1, 10);
        int confirm = options.Int("--confirm", d.Confirm, 1, 10);
        if (confirm > of)
        {
            throw new UsageException($"--confirm ({confirm}) cannot exceed --of ({of})." + Environment.NewLine + Usage);
        }

        double ratio = options.Double("--min-ratio", d.Cpu.MinRatio, 0, 1000);
        return d with
        {
            Window = options.Int("--baseline-points", d.Window, 3, 10_000),
            MinHistory = options.Int("--min-history", d.MinHistory, 1, 10_000),
            Confirm = confirm,
            Of = of,
            Cpu = d.Cpu with { Z = options.Double("--z-cpu", d.Cpu.Z, 0, 1000), MinRatio = ratio, Spike = options.Double("--spike-cpu", CpuSpike, 0, 1000) },
            Latency = d.Latency with { Z = options.Double("--z-latency", d.Latency.Z, 0, 1000), MinRatio = ratio },
            Edge = d.Edge with { Z = options.Double("--z-edge", d.Edge.Z, 0, 1000), MinRatio = ratio },
            Gap = d.Gap with { Z = options.Double("--z-gap", d.Gap.Z, 0, 1000), MinRatio = ratio },
            FrontSli = OnOff(options, "--front-sli", FrontSliDefault),
            FrontErrors = d.FrontErrors with { Z = options.Double("--z-front", FrontErrorsZ, 0, 1000), MinRatio = ratio },
            FrontLatency = d.FrontLatency with { Z = options.Double("--z-front-latency", d.FrontLatency.Z, 0, 1_000_000), MinRatio = ratio },
            QuietCaller = OnOff(options, "--quiet-caller"),
            Corroborate = options.Double("--corroborate", 0, 0, 100),
            ConfirmFraction = options.Double("--confirm-z", d.ConfirmFraction, 0, 1),
            Spike = options.Double("--spike", d.Spike, 0, 1000),
            FollowCallee = OnOff(options, "--follow-callee"),
            Callee = d.Callee with { Z = options.Double("--z-callee", d.Callee.Z, 0, 1000), MinRatio = ratio },
            FollowWorkload = OnOff(options, "--follow-workload"),
            Workload = d.Workload with { Z = options.Double("--z-workload", d.Workload.Z, 0, 1000), MinRatio = ratio },
            SilentEdges = options.Int("--silent-edges", SilentEdgeMinutes, 0, 60),
            MinTailRequests = options.Double("--min-tail-requests", MinTailRequests, 0, 1_000_000),
            SilentWholeCallee = options.String("--silent-scope") switch
            {
                null or "callee" => true,
                "edge" => false,
                var other => throw new UsageException($"--silent-scope must be callee or edge, not '{other}'." + Environment.NewLine + Usage),
            },
        };
    }

    private static async Task PrintDayAsync(TextWriter output, NezhaDayResult day, NezhaSettings settings)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{day.Day}: {day.Faults.Count} faults, {day.Signals} anomaly signals, {day.Incidents} incidents ({day.FalseIncidents} in fault-free time, {day.FaultFreeDays * 24:F1} h{(settings.Unlabelled.Count > 0 ? $"; {day.UnlabelledIncidents} of them inside unlabelled events, {day.UnlabelledDays * 24:F1} h" : string.Empty)})")).ConfigureAwait(false);
        foreach (var f in day.Faults)
        {
            var delay = f.Delay is { } d ? $"{d.TotalMinutes,5:F1} min" : "  missed ";
            var users = f.UsersHitAt is { } hit ? $"users hit +{(hit - f.Fault.At).TotalMinutes:F0} min" : "users not hit";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {f.Fault.At:HH:mm:ss} {f.Fault.Service,-22} {f.Fault.Type,-15} {delay}  {(f.CaughtWithin(settings.CatchWithin) ? "caught" : "late/missed"),-11} {users,-18} {(f.DetectedAt is null ? string.Empty : f.BeforeUsers ? "before users" : "after users"),-12}  first: {f.RankedFirst ?? "-"}{(f.RootCauseFirst ? " (right)" : string.Empty)}  incidents opened: {f.IncidentsInWindow}")).ConfigureAwait(false);
        }

        foreach (var (openedAt, services) in day.FalseOpenings)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  fault-free time: incident opened {openedAt:HH:mm:ss} on {services}")).ConfigureAwait(false);
        }
    }

    private static string Describe(NezhaSettings settings) => settings.Robust is { } r
        ? string.Create(CultureInfo.InvariantCulture,
            $"robust (baseline {r.Window} pts, min history {r.MinHistory}, {r.Confirm} of {r.Of}, z cpu {r.Cpu.Z} latency {r.Latency.Z} edge {r.Edge.Z} gap {r.Gap.Z}, ratio >= {r.Cpu.MinRatio}{(r.FrontSli ? $", front SLI z errors {r.FrontErrors.Z} latency {r.FrontLatency.Z}" : string.Empty)}{(r.QuietCaller ? ", quiet caller" : string.Empty)}{(r.Corroborate > 0 ? $", latency corroborated at {r.Corroborate} x edge Z" : string.Empty)}{(r.ConfirmFraction < 1 ? $", confirm at {r.ConfirmFraction} x Z" : string.Empty)}{(r.Spike > 0 ? $", spike at {r.Spike} x Z" : string.Empty)}{(r.Cpu.Spike > 0 ? $", cpu spike at {r.Cpu.Spike} x Z" : string.Empty)}{(r.FollowCallee ? $", callee latency z {r.Callee.Z}" : string.Empty)}{(r.FollowWorkload ? $", workload drop z {r.Workload.Z}" : string.Empty)}{(r.SilentEdges > 0 ? $", silent {(r.SilentWholeCallee ? "callee" : "edge")} after {r.SilentEdges} min on the caller" : string.Empty)}{(r.MinTailRequests > 0 ? $", latency judged with >= {r.MinTailRequests} requests above the P90" : string.Empty)})")
        : string.Create(CultureInfo.InvariantCulture, $"{settings.Detector} >= {settings.Threshold}");

    private static async Task PrintSummaryAsync(TextWriter output, List<NezhaDayResult> days, NezhaSettings settings, List<FaultFootprint> footprints, double k, List<FaultMiss> allMisses)
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
            $"Nezha OnlineBoutique, {n} faults, detector {Describe(settings)}, topology {settings.Hops} hop(s), window {settings.Window.TotalMinutes} min:")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  caught within 3 min {caught:P1} (goal >= 90 %), caught at all (10 min) {caughtAny:P1}, median delay {(delays.Count == 0 ? double.NaN : delays[delays.Count / 2]):F1} min")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  alerted before the front end degraded {before:P1}; faulty service ranked first {first:P1} (goal >= 70 %); incidents opened per fault window {incidentsPerFault:F2}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  false incidents per day of fault-free time {falsePerDay:F1} (goal <= 1)")).ConfigureAwait(false);
        double falseOutside = days.Sum(d => d.FalseIncidents - d.UnlabelledIncidents) / Math.Max(days.Sum(d => d.FaultFreeDays - d.UnlabelledDays), 1e-9);
        if (settings.Unlabelled.Count > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  outside the {settings.Unlabelled.Count} unlabelled events of --unlabelled: {falseOutside:F1} false incidents per day ({days.Sum(d => d.UnlabelledIncidents)} incidents inside them; not the official figure)")).ConfigureAwait(false);
        }

        var caughtFaults = days.SelectMany(d => d.Faults).Select(f => f.CaughtWithin(settings.CatchWithin)).ToList();
        int moving = footprints.Count(f => f.MaxZ >= k);
        int missedMoving = footprints.Where((f, i) => f.MaxZ >= k && !caughtFaults[i]).Count();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  detectable ceiling: {moving} of {footprints.Count} faults move any metric attributed to their service beyond z={k} ({missedMoving} of them missed)")).ConfigureAwait(false);
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
            ["front_sli"] = settings.Robust?.FrontSli ?? false,
            ["quiet_caller"] = settings.Robust?.QuietCaller ?? false,
            ["corroborate"] = settings.Robust?.Corroborate ?? 0,
            ["confirm_z"] = settings.Robust?.ConfirmFraction ?? 1,
            ["spike"] = settings.Robust?.Spike ?? 0,
            ["spike_cpu"] = settings.Robust?.Cpu.Spike ?? 0,
            ["follow_callee"] = settings.Robust?.FollowCallee ?? false,
            ["follow_workload"] = settings.Robust?.FollowWorkload ?? false,
            ["silent_edges"] = settings.Robust?.SilentEdges ?? 0,
            ["min_tail_requests"] = settings.Robust?.MinTailRequests ?? 0,
            ["silent_scope"] = settings.Robust is { SilentWholeCallee: false } ? "edge" : "callee",
            ["unlabelled_events"] = settings.Unlabelled.Count,
            ["miss_causes"] = allMisses.GroupBy(m => m.Cause.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            ["footprint_z"] = k,
            ["detectable_ceiling"] = moving,
            ["detectable_missed"] = missedMoving,
        };
        if (settings.Unlabelled.Count > 0)
        {
            figures["false_outside_unlabelled_per_day"] = Math.Round(falseOutside, 2);
        }

        foreach (var day in days)
        {
            var dayFaults = day.Faults;
            figures["day_" + day.Day] = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["caught_within_3_min"] = Math.Round(dayFaults.Count(f => f.CaughtWithin(settings.CatchWithin)) / (double)dayFaults.Count, 3),
                ["root_cause_first"] = Math.Round(dayFaults.Count(f => f.RootCauseFirst) / (double)dayFaults.Count, 3),
                ["false_incidents_per_day"] = Math.Round(day.FalseIncidents / Math.Max(day.FaultFreeDays, 1e-9), 2),
            };
            if (settings.Unlabelled.Count > 0)
            {
                ((Dictionary<string, object>)figures["day_" + day.Day])["false_outside_unlabelled_per_day"] = Math.Round(day.FalseOutsideUnlabelledPerDay, 2);
            }
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
    }
}
