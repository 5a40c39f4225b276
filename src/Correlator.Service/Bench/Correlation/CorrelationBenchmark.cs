using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Correlation;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Service.Bench.Correlation;

/// <summary>
/// <c>correlator bench correlation</c>: signals per second through the correlation engine alone (no HTTP, no store)
/// with a full rule set, N open incidents and an M-node topology, and the memory each open incident costs.
/// </summary>
internal static class CorrelationBenchmark
{
    public const string Usage = """
        Usage: correlator bench correlation [--incidents N] [--nodes N] [--signals N] [--repeats N] [--seed N]
        Opens N incidents (default 10,000) on an M-node dependency graph (default 5,000), then streams --signals
        (default 1,000,000) through the engine with grouping, inhibition, maintenance, flapping, severity and
        topology rules: repeats, new signals on open incidents and on graph nodes, clears and refires. Prints
        signals/s per run and the memory per open incident; the last line is JSON.
        """;

    private const string Rules = """
        grouping:
          - name: per-service
            match_re: {service: "svc-.*"}
            by: [service]
            window: 5m
            max_lifetime: 12h
        inhibition:
          - name: node-down
            sources: [{match: {name: NodeDown}}]
            target: {match: {name: PodLatency}}
            equal: [instance]
        maintenance:
          - name: nightly
            match: {service: batch}
            cron: "0 2 * * *"
            duration: 1h
            timezone: Europe/Paris
        flapping:
          - name: all
            max_changes: 6
            window: 10m
            stable_for: 10m
        severity:
          - name: probes
            match: {source: blackbox}
            set: minor
        topology:
          hops: 2
          window: 5m
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--incidents", "--nodes", "--signals", "--repeats", "--seed");
        int incidents = options.Int("--incidents", 10_000, 1, 1_000_000);
        int nodes = options.Int("--nodes", 5_000, 2, 1_000_000);
        int count = options.Int("--signals", 1_000_000, 1, 50_000_000);
        int repeats = options.Int("--repeats", 3, 1, 100);
        int seed = options.Int("--seed", 7, 0, int.MaxValue);

        var rules = RuleSetParser.Parse("bench-rules.yaml", Rules);
        var graph = Graph(nodes, seed);
        var start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var setup = Setup(incidents, start);
        var stream = Stream(count, incidents, nodes, seed, start.AddSeconds(incidents / 1000.0 + 1));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Correlation engine: {incidents:N0} open incidents, topology {graph.NodeCount:N0} nodes / {graph.EdgeCount:N0} edges, {rules.Count} rules + topology (2 hops), {count:N0} signals per run")).ConfigureAwait(false);

        var rates = new List<double>();
        var cpuRates = new List<double>();
        double bytesPerIncident = 0;
        int openAtEnd = 0;
        CorrelationStats? lastStats = null;
        for (int run = 1; run <= repeats; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var engine = new CorrelationEngine(new CorrelationOptions(), PriorityMatrix.Default, PipelineSnapshot.Empty, null, rules, graph);
            var changes = new ChangeSet();
            foreach (var signal in setup)
            {
                engine.Process(signal, changes);
            }

            changes.Clear();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            bytesPerIncident = (after - before) / (double)engine.OpenIncidentCount;
            int opened = engine.OpenIncidentCount;

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < stream.Length; i++)
            {
                engine.Process(stream[i], changes);
                if ((i & 4095) == 4095)
                {
                    // As the service does per batch: the store takes the change set, the next batch starts empty.
                    changes.Clear();
                }
            }

            watch.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var rate = stream.Length / watch.Elapsed.TotalSeconds;
            rates.Add(rate);
            cpuRates.Add(stream.Length / Math.Max(cpu.TotalSeconds, 1e-9));
            openAtEnd = engine.OpenIncidentCount;
            lastStats = engine.Stats;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: {rate,12:N0} signals/s ({watch.Elapsed.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU of the process: {cpuRates[^1]:N0} signals per CPU-second); open incidents {opened:N0} before, {openAtEnd:N0} after; {bytesPerIncident:N0} bytes per open incident")).ConfigureAwait(false);
            GC.KeepAlive(engine);
        }

        rates.Sort();
        cpuRates.Sort();
        var median = rates[rates.Count / 2];
        var stats = lastStats!;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  last run: {stats.Deduplicated:N0} deduplicated, {stats.SignalsAttached:N0} attached ({stats.TopologyJoined:N0} by topology), {stats.Inhibited:N0} inhibited, {stats.FlappingHeld:N0} flapping-held, {stats.IncidentsOpened:N0} incidents opened")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  median {median:N0} signals/s, best {rates[^1]:N0} (goal >= 200,000); median {cpuRates[cpuRates.Count / 2]:N0} signals per CPU-second (process CPU time, includes the GC; the wall-clock figure depends on what else the machine runs); memory per open incident {bytesPerIncident:N0} bytes")).ConfigureAwait(false);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["signals_per_second"] = Math.Round(median),
            ["signals_per_second_best"] = Math.Round(rates[^1]),
            ["signals_per_cpu_second"] = Math.Round(cpuRates[cpuRates.Count / 2]),
            ["open_incidents"] = incidents,
            ["topology_nodes"] = graph.NodeCount,
            ["bytes_per_open_incident"] = Math.Round(bytesPerIncident),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Each node depends on up to two later nodes: a layered graph like a service tree over hosts.</summary>
    private static TopologyGraph Graph(int nodes, int seed)
    {
        var random = new Random(seed);
        var edges = new List<(string, string)>(nodes * 2);
        for (int i = 0; i < nodes - 1; i++)
        {
            for (int k = 0; k < 2; k++)
            {
                edges.Add((Node(i), Node(random.Next(i + 1, Math.Min(nodes, i + 50)))));
            }
        }

        return new TopologyGraph(edges);
    }

    private static string Node(int i) => "node-" + i.ToString(CultureInfo.InvariantCulture);

    private static Signal[] Setup(int incidents, DateTimeOffset start)
    {
        var signals = new Signal[incidents];
        for (int i = 0; i < incidents; i++)
        {
            signals[i] = Make("ServiceDown", "svc-" + i.ToString(CultureInfo.InvariantCulture), "host-" + i.ToString(CultureInfo.InvariantCulture), start.AddMilliseconds(i), SignalStatus.Firing);
        }

        return signals;
    }

    /// <summary>
    /// 70 % repeats of firing signals, 10 % new signals on open incidents' services, 10 % signals on graph nodes
    /// (topology joins), 10 % clears and refires (some flapping). One millisecond of event time per signal.
    /// </summary>
    private static Signal[] Stream(int count, int incidents, int nodes, int seed, DateTimeOffset start)
    {
        var random = new Random(seed + 1);
        var firing = new List<Signal>(count / 5);
        var signals = new Signal[count];
        for (int i = 0; i < count; i++)
        {
            var at = start.AddMilliseconds(i);
            int roll = random.Next(100);
            Signal signal;
            if (roll < 70 && firing.Count > 0)
            {
                signal = firing[random.Next(firing.Count)] with { EventTime = at };
            }
            else if (roll < 80)
            {
                int service = random.Next(incidents);
                signal = Make("PodLatency", "svc-" + service.ToString(CultureInfo.InvariantCulture), "pod-" + random.Next(incidents * 4).ToString(CultureInfo.InvariantCulture), at, SignalStatus.Firing);
                firing.Add(signal);
            }
            else if (roll < 90)
            {
                var node = Node(random.Next(nodes));
                signal = Make(random.Next(10) == 0 ? "NodeDown" : "DiskPressure", null, node, at, SignalStatus.Firing);
                firing.Add(signal);
            }
            else if (firing.Count > 0)
            {
                var index = random.Next(firing.Count);
                var known = firing[index];
                signal = known with { Status = known.IsFiring ? SignalStatus.Resolved : SignalStatus.Firing, EventTime = at, EndsAt = known.IsFiring ? at : null };
                firing[index] = signal;
            }
            else
            {
                signal = Make("Startup", "svc-0", "host-0", at, SignalStatus.Firing);
            }

            signals[i] = signal;
        }

        return signals;
    }

    private static Signal Make(string name, string? service, string resource, DateTimeOffset at, SignalStatus status)
    {
        var labels = service is null ? LabelSet.From(("alertname", name), ("instance", resource)) : LabelSet.From(("alertname", name), ("service", service), ("instance", resource));
        return new Signal
        {
            Source = "bench",
            Fingerprint = Fingerprints.Compute("bench", labels),
            Name = name,
            Service = service,
            Resource = resource,
            Status = status,
            Severity = Severity.Warning,
            EventTime = at,
            StartsAt = at,
            EndsAt = status == SignalStatus.Resolved ? at : null,
            Labels = labels,
        };
    }
}
