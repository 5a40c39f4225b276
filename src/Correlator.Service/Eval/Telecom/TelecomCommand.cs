using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Correlation;
using Correlator.Correlation.Learning;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Service.Bench.Correlation;
using Correlator.Service.Cli;

namespace Correlator.Service.Eval.Telecom;

/// <summary>
/// <c>correlator eval telecom</c>: the Huawei alarm logs through the engine (alarm reduction), and the type → type
/// relations learnt by co-occurrence scored against the experts' causal graph (precision, recall, F1 on directed edges).
/// </summary>
internal static class TelecomCommand
{
    public const string Usage = """
        Usage: correlator eval telecom --data TELECOM_FOLDER [--window-seconds N] [--min-support N] [--min-confidence P] [--asymmetry R] [--max-lifetime-minutes M]
                                       [--decay-seconds D] [--hops K] [--penalty B] [--simultaneous yes|no] [--device-baseline yes|no] [--cross-tune yes|no]
        For each data set (18V_55N_Wireless, 24V_439N_Microwave): streams Alarm.csv (type, device, start, end) through the
        correlation engine (device topology within 1 hop when Topology.csv exists, window N s) and reports alarms in,
        incidents out and the reduction ratio; learns type -> type relations from onsets on the same or adjacent devices
        within the window and scores them against DAG.csv. Defaults: window 300 s, support 20, confidence 0.2, asymmetry 1.2.
        --max-lifetime-minutes M (0 = none, the default) adds a grouping rule by device with max_lifetime M: an incident
        older than M minutes takes no new signals (a new one opens), so long-lasting alarms cannot chain the network into one.
        Also learns the relations with the topological Hawkes learner (1 s bins, exponential kernel with time constant
        D s, excitation over K topology hops, BIC penalty x B, same-second onsets exciting each other unless
        --simultaneous no; one baseline rate per type, or per type and device with --device-baseline yes; defaults 300 s,
        1, 1, yes, no) and scores them the same way, beside the score of "every ordered pair of types" as a baseline. --cross-tune yes also picks D, B and
        --simultaneous on each data set from a small grid and reports that choice's score on the other data set.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--data", "--window-seconds", "--min-support", "--min-confidence", "--asymmetry", "--max-lifetime-minutes",
            "--decay-seconds", "--hops", "--penalty", "--simultaneous", "--device-baseline", "--cross-tune");
        var data = options.String("--data") ?? throw new UsageException("eval telecom needs --data TELECOM_FOLDER." + Environment.NewLine + Usage);
        var window = TimeSpan.FromSeconds(options.Int("--window-seconds", 300, 1, 86_400));
        int support = options.Int("--min-support", 20, 1, 1_000_000);
        double confidence = options.Double("--min-confidence", 0.2, 0, 1);
        double asymmetry = options.Double("--asymmetry", 1.2, 0, 100);
        int lifetime = options.Int("--max-lifetime-minutes", 0, 0, 1_000_000);
        var hawkes = new HawkesSettings
        {
            Decay = TimeSpan.FromSeconds(options.Int("--decay-seconds", 300, 1, 86_400)),
            Hops = options.Int("--hops", 1, 0, 8),
            Penalty = options.Double("--penalty", 1, 0, 1_000),
            Simultaneous = YesNo(options, "--simultaneous", true),
            ComponentBaseline = YesNo(options, "--device-baseline", false),
        };
        bool crossTune = YesNo(options, "--cross-tune", false);
        var sets = Directory.Exists(data) ? Directory.GetDirectories(data).Where(d => File.Exists(Path.Combine(d, "Alarm.csv"))).Order(StringComparer.Ordinal).ToList() : [];
        if (sets.Count == 0)
        {
            throw new UsageException($"No folder with Alarm.csv in {Path.GetFullPath(data)}." + Environment.NewLine + Usage);
        }

        if (lifetime > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"grouping rule: by device, window {window.TotalSeconds} s, max_lifetime {lifetime} min")).ConfigureAwait(false);
        }

        var figures = new Dictionary<string, object>(StringComparer.Ordinal);
        var loaded = new List<TelecomData>();
        foreach (var set in sets)
        {
            var watch = Stopwatch.StartNew();
            var telecom = TelecomData.Load(set);
            loaded.Add(telecom);
            var (name, key) = (telecom.Name, telecom.Key);
            var result = Run(telecom, window, support, confidence, asymmetry, lifetime);
            watch.Stop();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {result.Alarms:N0} alarms, {result.Devices} devices, topology {(result.TopologyEdges > 0 ? $"{result.TopologyEdges} links" : "none")}, {watch.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  reduction: {result.Alarms:N0} alarms in -> {result.Incidents:N0} incidents out, ratio {result.Reduction:P1} ({result.TopologyJoined:N0} joined through the topology)")).ConfigureAwait(false);
            var learnt = result.Learnt;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  co-occurrence relations: {learnt.Learnt} proposed, {learnt.TruePositives} in the expert graph of {learnt.Expected} edges ({learnt.Reversed} more the other way round): precision {learnt.Precision:F3}, recall {learnt.Recall:F3}, F1 {learnt.F1:F3} (published best THP {Published(key)})")).ConfigureAwait(false);
            figures[$"{key}_alarm_reduction"] = Math.Round(result.Reduction, 4);
            figures[$"{key}_precision"] = Math.Round(learnt.Precision, 3);
            figures[$"{key}_recall"] = Math.Round(learnt.Recall, 3);
            figures[$"{key}_f1"] = Math.Round(learnt.F1, 3);

            watch.Restart();
            var (score, relations, modelScore) = TelecomHawkes.Learn(telecom, hawkes);
            watch.Stop();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  topological Hawkes relations: {score.Learnt} learnt, {score.TruePositives} in the expert graph ({score.Reversed} more the other way round): precision {score.Precision:F3}, recall {score.Recall:F3}, F1 {score.F1:F3}, penalised log-likelihood {modelScore:F0}, {watch.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
            if (relations.Count > 0)
            {
                var top = relations[0];
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    strongest: {top.Cause} -> {top.Effect}, log-likelihood {top.LogLikelihoodGain:F1} lower without it, excitation {top.Excitation:G3}")).ConfigureAwait(false);
            }

            var all = TelecomHawkes.AllPairs(telecom);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  baseline, every ordered pair of types: {all.Learnt} edges, precision {all.Precision:F3}, recall {all.Recall:F3}, F1 {all.F1:F3}")).ConfigureAwait(false);
            figures[$"{key}_thp_edges"] = score.Learnt;
            figures[$"{key}_thp_precision"] = Math.Round(score.Precision, 3);
            figures[$"{key}_thp_recall"] = Math.Round(score.Recall, 3);
            figures[$"{key}_thp_f1"] = Math.Round(score.F1, 3);
            figures[$"{key}_all_pairs_f1"] = Math.Round(all.F1, 3);
        }

        if (crossTune)
        {
            await TelecomCrossTune.RunAsync(loaded, hawkes, figures, output).ConfigureAwait(false);
        }

        figures["max_lifetime_minutes"] = lifetime;
        figures["thp_decay_seconds"] = hawkes.Decay.TotalSeconds;
        figures["thp_penalty"] = hawkes.Penalty;
        figures["thp_hops"] = hawkes.Hops;
        figures["thp_simultaneous"] = hawkes.Simultaneous;

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
        return 0;
    }

    internal static string Published(string key) => key switch { "18V" => "0.577", "24V" => "0.372", "25V" => "0.339", _ => "?" };

    private static bool YesNo(VerbArguments options, string name, bool fallback) => options.String(name) switch
    {
        null => fallback,
        "yes" => true,
        "no" => false,
        var other => throw new UsageException($"{name} must be yes or no, not '{other}'." + Environment.NewLine + Usage),
    };

    private static TelecomResult Run(TelecomData data, TimeSpan window, long minSupport, double minConfidence, double asymmetry, int lifetimeMinutes)
    {
        var (alarms, edges) = (data.Alarms, data.Edges);
        var graph = data.Graph;
        var yaml = string.Create(CultureInfo.InvariantCulture, $"topology:\n  hops: 1\n  window: {(int)window.TotalSeconds}s\n");
        if (lifetimeMinutes > 0)
        {
            yaml += string.Create(CultureInfo.InvariantCulture, $"grouping:\n  - name: per-device-lifetime\n    by: [resource]\n    window: {(int)window.TotalSeconds}s\n    max_lifetime: {lifetimeMinutes}m\n");
        }

        var rules = RuleSetParser.Parse("telecom.yaml", yaml);
        var options = new CorrelationOptions { GroupBy = ["resource"], Window = window, QuietPeriod = TimeSpan.FromMinutes(5), ReopenWindow = TimeSpan.FromMinutes(10), AutoCloseAfter = TimeSpan.FromMinutes(30) };
        var engine = new CorrelationEngine(options, PriorityMatrix.Default, PipelineSnapshot.Empty, null, rules, graph);
        var learner = new CooccurrenceLearner(window, graph, hops: 1);
        var changes = new ChangeSet();
        var origin = DateTimeOffset.UnixEpoch;

        // Starts and ends as one time-ordered stream of firing and resolved notifications.
        var events = alarms.SelectMany((a, i) => new[] { (At: a.Start, Order: i, Firing: true, Alarm: a), (At: Math.Max(a.End, a.Start), Order: i, Firing: false, Alarm: a) })
            .OrderBy(e => e.At).ThenBy(e => e.Firing).ThenBy(e => e.Order);
        foreach (var (at, _, firing, alarm) in events)
        {
            var time = origin.AddSeconds(at);
            var type = TelecomData.TypeName(alarm.Type);
            var device = TelecomData.Device(alarm.Device);
            if (firing)
            {
                learner.Observe(type, device, time);
            }

            engine.Process(Signal(type, device, time, firing), changes);
            changes.Clear();
        }

        var proposals = learner.Proposals(minSupport, minConfidence, asymmetry);
        var score = data.Score(proposals.Select(p => (p.Cause, p.Effect)));
        return new TelecomResult(alarms.Count, alarms.Select(a => a.Device).Distinct().Count(), edges.Count, engine.Stats.IncidentsOpened, engine.Stats.TopologyJoined, score);
    }

    private static Signal Signal(string type, string device, DateTimeOffset at, bool firing)
    {
        var labels = LabelSet.From(("alarm", type), ("device", device));
        return new Signal
        {
            Source = "telecom",
            Fingerprint = type + "@" + device,
            Name = type,
            Resource = device,
            Status = firing ? SignalStatus.Firing : SignalStatus.Resolved,
            EventTime = at,
            StartsAt = at,
            EndsAt = firing ? null : at,
            Labels = labels,
        };
    }

    private sealed record TelecomResult(int Alarms, int Devices, int TopologyEdges, long Incidents, long TopologyJoined, EdgeScore Learnt)
    {
        public double Reduction => Alarms == 0 ? 0 : 1 - (Incidents / (double)Alarms);
    }
}
