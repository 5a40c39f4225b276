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
        For each data set (18V_55N_Wireless, 24V_439N_Microwave): streams Alarm.csv (type, device, start, end) through the
        correlation engine (device topology within 1 hop when Topology.csv exists, window N s) and reports alarms in,
        incidents out and the reduction ratio; learns type -> type relations from onsets on the same or adjacent devices
        within the window and scores them against DAG.csv. Defaults: window 300 s, support 20, confidence 0.2, asymmetry 1.2.
        --max-lifetime-minutes M (0 = none, the default) adds a grouping rule by device with max_lifetime M: an incident
        older than M minutes takes no new signals (a new one opens), so long-lasting alarms cannot chain the network into one.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--data", "--window-seconds", "--min-support", "--min-confidence", "--asymmetry", "--max-lifetime-minutes");
        var data = options.String("--data") ?? throw new UsageException("eval telecom needs --data TELECOM_FOLDER." + Environment.NewLine + Usage);
        var sets = Directory.Exists(data) ? Directory.GetDirectories(data).Where(d => File.Exists(Path.Combine(d, "Alarm.csv"))).Order(StringComparer.Ordinal).ToList() : [];
        if (sets.Count == 0)
        {
            throw new UsageException($"No folder with Alarm.csv in {Path.GetFullPath(data)}." + Environment.NewLine + Usage);
        }

        var window = TimeSpan.FromSeconds(options.Int("--window-seconds", 300, 1, 86_400));
        int support = options.Int("--min-support", 20, 1, 1_000_000);
        double confidence = options.Double("--min-confidence", 0.2, 0, 1);
        double asymmetry = options.Double("--asymmetry", 1.2, 0, 100);
        int lifetime = options.Int("--max-lifetime-minutes", 0, 0, 1_000_000);
        if (lifetime > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"grouping rule: by device, window {window.TotalSeconds} s, max_lifetime {lifetime} min")).ConfigureAwait(false);
        }

        var figures = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var name = Path.GetFileName(set);
            var key = name.Split('_')[0];
            var watch = Stopwatch.StartNew();
            var result = Run(set, window, support, confidence, asymmetry, lifetime);
            watch.Stop();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {result.Alarms:N0} alarms, {result.Devices} devices, topology {(result.TopologyEdges > 0 ? $"{result.TopologyEdges} links" : "none")}, {watch.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  reduction: {result.Alarms:N0} alarms in -> {result.Incidents:N0} incidents out, ratio {result.Reduction:P1} ({result.TopologyJoined:N0} joined through the topology)")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  learnt relations: {result.Learnt} proposed, {result.TruePositives} in the expert graph of {result.Expected} edges: precision {result.Precision:F3}, recall {result.Recall:F3}, F1 {result.F1:F3} (published best THP {(key == "18V" ? "0.577" : key == "24V" ? "0.372" : "?")})")).ConfigureAwait(false);
            figures[$"{key}_alarm_reduction"] = Math.Round(result.Reduction, 4);
            figures[$"{key}_precision"] = Math.Round(result.Precision, 3);
            figures[$"{key}_recall"] = Math.Round(result.Recall, 3);
            figures[$"{key}_f1"] = Math.Round(result.F1, 3);
        }

        figures["max_lifetime_minutes"] = lifetime;

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
        return 0;
    }

    private static TelecomResult Run(string folder, TimeSpan window, long minSupport, double minConfidence, double asymmetry, int lifetimeMinutes)
    {
        var alarms = File.ReadLines(Path.Combine(folder, "Alarm.csv")).Skip(1)
            .Select((line, i) => Parse(line, i + 2))
            .OrderBy(a => a.Start).ThenBy(a => a.Device).ThenBy(a => a.Type)
            .ToList();
        var dag = Matrix(Path.Combine(folder, "DAG.csv"));
        var topologyFile = Path.Combine(folder, "Topology.csv");
        var edges = new List<(string, string)>();
        if (File.Exists(topologyFile))
        {
            var adjacency = Matrix(topologyFile);
            for (int i = 0; i < adjacency.Length; i++)
            {
                for (int j = i + 1; j < adjacency[i].Length; j++)
                {
                    if (adjacency[i][j] != 0 || adjacency[j][i] != 0)
                    {
                        edges.Add((Device(i), Device(j)));
                    }
                }
            }
        }

        var graph = new TopologyGraph(edges);
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
            var type = "type-" + alarm.Type.ToString(CultureInfo.InvariantCulture);
            var device = Device(alarm.Device);
            if (firing)
            {
                learner.Observe(type, device, time);
            }

            engine.Process(Signal(type, device, time, firing), changes);
            changes.Clear();
        }

        var proposals = learner.Proposals(minSupport, minConfidence, asymmetry);
        int truePositives = proposals.Count(p => dag[TypeOf(p.Cause)][TypeOf(p.Effect)] != 0);
        int expected = dag.Sum(row => row.Count(v => v != 0));
        return new TelecomResult(alarms.Count, alarms.Select(a => a.Device).Distinct().Count(), edges.Count, engine.Stats.IncidentsOpened, engine.Stats.TopologyJoined, proposals.Count, truePositives, expected);
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

    private static string Device(int id) => "device-" + id.ToString(CultureInfo.InvariantCulture);

    private static int TypeOf(string type) => int.Parse(type.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture);

    private static (int Type, int Device, long Start, long End) Parse(string line, int number)
    {
        var cells = line.Split(',');
        if (cells.Length < 4
            || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var type)
            || !int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            || !long.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            throw new InvalidDataException($"Alarm.csv:{number}: expected alarm_id,device_id,start_timestamp,end_timestamp as whole numbers, got '{line}'.");
        }

        return (type, device, start, end);
    }

    private static int[][] Matrix(string file) =>
        [.. File.ReadLines(file).Where(l => l.Length > 0).Select(l => l.Split(',').Select(c => (int)double.Parse(c, CultureInfo.InvariantCulture)).ToArray())];

    private sealed record TelecomResult(int Alarms, int Devices, int TopologyEdges, long Incidents, long TopologyJoined, int Learnt, int TruePositives, int Expected)
    {
        public double Reduction => Alarms == 0 ? 0 : 1 - (Incidents / (double)Alarms);

        public double Precision => Learnt == 0 ? 0 : TruePositives / (double)Learnt;

        public double Recall => Expected == 0 ? 0 : TruePositives / (double)Expected;

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }
}
