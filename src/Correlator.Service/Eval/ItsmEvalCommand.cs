using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Service.Cli;

namespace Correlator.Service.Eval;

/// <summary>
/// <c>correlator eval itsm</c>: replays the UCI ServiceNow incident log in time order through incident
/// management's SLA clocks and problem mining; prints MTTR and SLA attainment per priority beside the log's own
/// <c>made_sla</c>, and the pairwise precision / recall / F1 of problem suggestions against <c>problem_id</c>.
/// </summary>
internal static class ItsmEvalCommand
{
    public static string Usage { get; } =
        "Usage: correlator eval itsm --data UCI_FOLDER [--signature FIELDS] [--k N] [--window-days D | --window-hours H | --window-minutes M]\n"
        + "       [--also FIELDS:K:MINUTES]... [--no-also] [--episodes | --no-episodes] [--seasonal] [--fields opening|final] [--report FILE.html]\n"
        + "       [--max-incidents N] [--max-span-hours H] [--train-share F]\n"
        + "FIELDS: comma-separated of category, subcategory, symptom, location, group.\n"
        + "Default: category with --k 2 --window-minutes 30, --also group:4:120, --episodes, --fields opening (the measured best, docs/benchmarks.md).\n"
        + "--also adds a signature rule with its own k and window (repeatable; the first --also replaces the default rules; --no-also: none).\n"
        + "--episodes (default): a suggestion only collects incidents within the window of its last one (bursts);\n"
        + "--no-episodes: a suggestion collects its signature for ever.\n"
        + "--fields opening (default): the classification each incident had when it was opened (what a replay in opening order knows);\n"
        + "final: its last values in the log.\n"
        + "--max-incidents N: a suggestion takes at most N incidents, later ones count towards a new part (0, the default: no cap; every cap measured lowers recall, docs/benchmarks.md);\n"
        + "--max-span-hours H: nor incidents more than H hours after its first (0, the default: no bound).\n"
        + "--report writes the review-meeting HTML report of the whole log.\n"
        + "--train-share F (default 0.6): held-out evaluation: a grid of settings is tuned on the first F of the log in time order\n"
        + "and the best is scored on the rest (and the given settings on both parts); --train-share 0 skips it.";

    // The eval's SLA targets (24x7): the log does not say the company's, so these are common ServiceNow defaults.
    private static readonly Dictionary<string, SlaTarget> Targets = new(StringComparer.Ordinal)
    {
        ["P1"] = new SlaTarget { Acknowledge = TimeSpan.FromMinutes(30), Resolve = TimeSpan.FromHours(8) },
        ["P2"] = new SlaTarget { Acknowledge = TimeSpan.FromHours(1), Resolve = TimeSpan.FromDays(1) },
        ["P3"] = new SlaTarget { Acknowledge = TimeSpan.FromHours(8), Resolve = TimeSpan.FromDays(5) },
        ["P4"] = new SlaTarget { Acknowledge = TimeSpan.FromDays(1), Resolve = TimeSpan.FromDays(10) },
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? data = null, report = null;
        bool opening = true, rulesGiven = false;
        double trainShare = 0.6;
        // Default: the best configuration measured (docs/benchmarks.md): bursts of one category within 30 minutes,
        // and bursts routed to one resolver group within 2 hours.
        var mining = new ProblemMiningOptions
        {
            Signature = ["category"], Seasonal = false, MinOccurrences = 2, Window = TimeSpan.FromMinutes(30), Episodes = true,
            AlsoSignatures = [new ProblemMinerRule { Signature = ["group"], MinOccurrences = 4, Window = TimeSpan.FromHours(2) }],
        };
        for (int i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value." + Environment.NewLine + Usage);
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--report": report = Value(); break;
                case "--signature": mining.Signature = Fields(Value()); break;
                case "--k": mining.MinOccurrences = Number(Value(), "--k"); break;
                case "--window-days": mining.Window = TimeSpan.FromDays(Number(Value(), "--window-days")); break;
                case "--window-hours": mining.Window = TimeSpan.FromHours(Number(Value(), "--window-hours")); break;
                case "--window-minutes": mining.Window = TimeSpan.FromMinutes(Number(Value(), "--window-minutes")); break;
                case "--also":
                    if (!rulesGiven)
                    {
                        mining.AlsoSignatures = [];
                        rulesGiven = true;
                    }

                    mining.AlsoSignatures.Add(Rule(Value()));
                    break;
                case "--no-also": mining.AlsoSignatures = []; rulesGiven = true; break;
                case "--episodes": mining.Episodes = true; break;
                case "--no-episodes": mining.Episodes = false; break;
                case "--seasonal": mining.Seasonal = true; break;
                case "--max-incidents": mining.MaxIncidents = Count(Value(), "--max-incidents"); break;
                case "--max-span-hours": mining.MaxSpan = TimeSpan.FromHours(Count(Value(), "--max-span-hours")); break;
                case "--train-share": trainShare = Share(Value()); break;
                case "--fields":
                    opening = Value() switch
                    {
                        "opening" => true,
                        "final" => false,
                        var other => throw new UsageException($"--fields must be opening or final, not '{other}'." + Environment.NewLine + Usage),
                    };
                    break;
                default: throw new UsageException($"Unknown option {args[i]}." + Environment.NewLine + Usage);
            }
        }

        var options = new IncidentManagementOptions { Sla = Targets, Problems = mining };
        var errors = IncidentManagementValidator.Validate(options).Concat(ProblemMinerRule.Check(mining.AlsoSignatures, "--also")).ToList();
        if (errors.Count > 0 || data is null || !Directory.Exists(data))
        {
            var why = errors.Count > 0 ? string.Join(Environment.NewLine, errors) : data is null ? "eval itsm needs --data UCI_FOLDER." : $"No such folder: {Path.GetFullPath(data)}";
            throw new UsageException(why + Environment.NewLine + Usage);
        }

        var watch = Stopwatch.StartNew();
        var log = UciIncidentLog.Load(data).OrderBy(i => i.OpenedAt).ThenBy(i => i.Id).ToList();
        var byId = log.ToDictionary(i => i.Id);
        var managed = log.Select(ToManaged).ToList();
        var sla = new SlaPolicy(options);
        var (miner, joinedAt) = Mine(log, mining, opening);
        var score = ItsmScore.Compute(byId, miner.Problems, joinedAt);
        watch.Stop();

        var figures = new Dictionary<string, object>(StringComparer.Ordinal) { ["incidents"] = log.Count };
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ITSM replay: {log.Count} incidents, {log.Count(i => i.Problems.Count > 0)} linked to problems, {watch.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
        await output.WriteLineAsync("  priority  incidents  resolved  MTTR h (mean / median)  SLA attainment (ours)  made_sla (log)  agreement").ConfigureAwait(false);
        foreach (var priority in Enum.GetValues<Priority>())
        {
            await PrintPriorityAsync(output, priority, log, managed, sla, figures).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Problem suggestion (signature {string.Join(",", mining.Signature)}, k={mining.MinOccurrences}, window {mining.Window.TotalMinutes:0.#} min{string.Concat(mining.AlsoSignatures.Select(r => $"; also {string.Join(",", r.Signature)}, k={r.MinOccurrences}, window {r.Window.TotalMinutes:0.#} min"))}{(mining.Episodes ? ", episodes" : "")}{(mining.Seasonal ? ", seasonal" : "")}{(mining.MaxIncidents > 0 ? $", at most {mining.MaxIncidents} incidents" : "")}{(mining.MaxSpan > TimeSpan.Zero ? $", span at most {mining.MaxSpan.TotalHours:0.#} h" : "")}, {(opening ? "opening" : "final")} fields): {miner.Problems.Count} suggestions\n"
            + $"  incidents per suggestion: median {SizeQuantile(miner, 0.5)}, 90th percentile {SizeQuantile(miner, 0.9)}, largest {SizeQuantile(miner, 1)}\n"
            + $"  pairs: true {score.TruePairs}, predicted {score.PredictedPairs}, correct {score.CorrectPairs}; precision {score.Precision:F3}, recall {score.Recall:F3}, F1 {score.F1:F3}\n"
            + $"  lead over the human link: median {(score.LeadDaysMedian is { } lead ? lead.ToString("F1", CultureInfo.InvariantCulture) + " days" : "n/a")}, {score.EarlierShare:P0} of correct pairs grouped earlier\n"
            + $"  goal precision >= 0.8 at recall >= 0.5: {(score.Precision >= 0.8 && score.Recall >= 0.5 ? "met" : "not met")}")).ConfigureAwait(false);
        figures["problems_suggested"] = miner.Problems.Count;
        figures["largest_suggestion"] = SizeQuantile(miner, 1);
        figures["max_incidents"] = mining.MaxIncidents;
        figures["max_span_hours"] = Math.Round(mining.MaxSpan.TotalHours, 1);
        figures["precision"] = Math.Round(score.Precision, 3);
        figures["recall"] = Math.Round(score.Recall, 3);
        figures["f1"] = Math.Round(score.F1, 3);
        figures["lead_days_median"] = score.LeadDaysMedian is { } l ? Math.Round(l, 1) : -1;
        if (trainShare > 0)
        {
            await ItsmHoldout.ReportAsync(output, log, mining, opening, trainShare, figures).ConfigureAwait(false);
        }

        if (report is not null)
        {
            var from = log[0].OpenedAt;
            var review = ReviewStatistics.Compute(managed, miner.Problems, sla, from, log[^1].OpenedAt.AddTicks(1));
            await File.WriteAllTextAsync(report, ReviewReportHtml.Render(review)).ConfigureAwait(false);
            await output.WriteLineAsync($"  review report written to {Path.GetFullPath(report)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
        return 0;
    }

    private static async Task PrintPriorityAsync(TextWriter output, Priority priority, List<UciIncident> log, List<ManagedIncident> managed, SlaPolicy sla, Dictionary<string, object> figures)
    {
        var rows = log.Zip(managed).Where(x => x.First.Priority == priority).ToList();
        var resolved = rows.Where(x => x.Second.ResolvedAt is { } r && r >= x.Second.OpenedAt).ToList();
        var hours = resolved.Select(x => (x.Second.ResolvedAt!.Value - x.Second.OpenedAt).TotalHours).Order().ToList();
        var ours = resolved.Select(x => sla.Evaluate(x.Second, x.Second.ResolvedAt!.Value)).ToList();
        var met = ours.Select(s => s is not null && s.Resolve.State == SlaClockState.Met && s.Acknowledge.State != SlaClockState.Breached).ToList();
        double attainment = met.Count == 0 ? 0 : met.Count(m => m) / (double)met.Count;
        double madeSla = rows.Count == 0 ? 0 : rows.Count(x => x.First.MadeSla) / (double)rows.Count;
        double agreement = met.Count == 0 ? 0 : resolved.Zip(met).Count(x => x.First.First.MadeSla == x.Second) / (double)met.Count;
        double mean = hours.Count == 0 ? 0 : hours.Average();
        double median = hours.Count == 0 ? 0 : hours[hours.Count / 2];
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {priority,-8}  {rows.Count,9}  {resolved.Count,8}  {mean,10:F1} / {median,-10:F1}  {attainment,21:P1}  {madeSla,14:P1}  {agreement,9:P1}")).ConfigureAwait(false);
        figures[$"mttr_hours_{priority}"] = Math.Round(mean, 1);
        figures[$"sla_attainment_{priority}"] = Math.Round(attainment, 3);
        figures[$"made_sla_{priority}"] = Math.Round(madeSla, 3);
    }

    internal static (ProblemMiner Miner, Dictionary<(long, long), DateTimeOffset> JoinedAt) Mine(List<UciIncident> log, ProblemMiningOptions options, bool opening)
    {
        var miner = new ProblemMiner(options, []);
        var joinedAt = new Dictionary<(long, long), DateTimeOffset>();
        foreach (var incident in log)
        {
            var fields = opening && incident.Opening is { } o
                ? o
                : new UciOpening(incident.Category, incident.Subcategory, incident.Symptom, incident.Location, incident.Group);
            var historic = new HistoricIncident(incident.Id, incident.OpenedAt, incident.ResolvedAt, incident.Number)
            {
                Category = fields.Category,
                Subcategory = fields.Subcategory,
                Symptom = fields.Symptom,
                Location = fields.Location,
                Group = fields.Group,
            };
            foreach (var problem in miner.Observe(historic))
            {
                foreach (var id in problem.IncidentIds)
                {
                    joinedAt.TryAdd((problem.Id, id), incident.OpenedAt);
                }
            }
        }

        return (miner, joinedAt);
    }

    private static ManagedIncident ToManaged(UciIncident i) => new()
    {
        IncidentId = i.Id,
        Service = i.Category,
        OpenedAt = i.OpenedAt,
        Priority = i.Priority,
        Group = i.Group ?? "(none)",
        AcknowledgedAt = i.AcknowledgedAt,
        ResolvedAt = i.ResolvedAt is { } r && r >= i.OpenedAt ? r : null,
        Holds = i.Holds,
        Reopens = i.Reopens,
    };

    private static List<string> Fields(string text) => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>FIELDS:K:MINUTES, e.g. <c>group:4:120</c>.</summary>
    private static ProblemMinerRule Rule(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new UsageException($"--also takes FIELDS:K:MINUTES (e.g. group:4:120), not '{text}'." + Environment.NewLine + Usage);
        }

        return new ProblemMinerRule { Signature = Fields(parts[0]), MinOccurrences = Number(parts[1], "--also K"), Window = TimeSpan.FromMinutes(Number(parts[2], "--also MINUTES")) };
    }

    private static int SizeQuantile(ProblemMiner miner, double q)
    {
        var sizes = miner.Problems.Select(p => p.IncidentIds.Count).Order().ToList();
        return sizes.Count == 0 ? 0 : sizes[Math.Min(sizes.Count - 1, (int)(q * sizes.Count))];
    }

    private static double Share(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and < 1
            ? share
            : throw new UsageException($"--train-share must be a number from 0 to below 1, not '{text}'." + Environment.NewLine + Usage);

    private static int Count(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{option} must be a whole number, 0 or more, not '{text}'." + Environment.NewLine + Usage);

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{option} must be a positive whole number, not '{text}'." + Environment.NewLine + Usage);
}
