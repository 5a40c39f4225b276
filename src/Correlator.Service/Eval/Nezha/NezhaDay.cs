using System.Globalization;
using System.Text.Json;

namespace Correlator.Service.Eval.Nezha;

/// <summary>One day of the Nezha OnlineBoutique data: per-pod metric rows, the front end's SLIs, the call graph and the injected faults.</summary>
internal sealed record NezhaDay(string Name, IReadOnlyList<PodRow> Rows, IReadOnlyList<FrontRow> Front, IReadOnlyList<(string From, string To)> Calls, IReadOnlyList<NezhaFault> Faults)
{
    /// <summary>Per-minute caller→callee edge latencies (source_50.csv joined with destination_50.csv on the minute); empty when the files are absent.</summary>
    public IReadOnlyList<EdgeRow> Edges { get; init; } = [];

    /// <summary>The metrics followed per pod (column names of the pod files).</summary>
    public static readonly string[] Metrics =
    [
        "CpuUsageRate(%)", "MemoryUsageRate(%)", "PodServerLatencyP90(s)", "PodClientLatencyP90(s)",
        "PodWorkload(Ops)", "PodSuccessRate(%)", "NetworkReceiveBytes", "NetworkTransmitBytes",
    ];

    /// <summary>The service of a pod: its name without the last two '-' parts (the README's rule).</summary>
    public static string ServiceOf(string pod)
    {
        var parts = pod.Split('-');
        return parts.Length > 2 ? string.Join('-', parts[..^2]) : pod;
    }

    public static NezhaDay Load(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var metric = Path.Combine(folder, "metric");
        var rows = new List<PodRow>();
        foreach (var file in Directory.GetFiles(metric, "*_metric.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            var header = lines[0].Split(',');
            var columns = Metrics.Select(m => Array.IndexOf(header, m)).ToArray();
            if (Array.IndexOf(columns, -1) is var missing and >= 0)
            {
                throw new InvalidDataException($"{file}: no column {Metrics[missing]}.");
            }

            int stamp = Array.IndexOf(header, "Time"), pod = Array.IndexOf(header, "PodName");
            for (int i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',');
                if (cells.Length < header.Length)
                {
                    continue;
                }

                var values = columns.Select(c => double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
                rows.Add(new PodRow(Epoch(cells[stamp], file, i), cells[pod], values));
            }
        }

        var front = new List<FrontRow>();
        var frontLines = File.ReadAllLines(Path.Combine(metric, "front_service.csv"));
        var frontHeader = frontLines[0].Split(',');
        int fs = Array.IndexOf(frontHeader, "Time"), success = Array.IndexOf(frontHeader, "SuccessRate(%)"), p90 = Array.IndexOf(frontHeader, "LatencyP90(s)");
        for (int i = 1; i < frontLines.Length; i++)
        {
            var cells = frontLines[i].Split(',');
            front.Add(new FrontRow(Epoch(cells[fs], "front_service.csv", i), Number(cells[success]), Number(cells[p90])));
        }

        var calls = File.ReadAllLines(Path.Combine(metric, "dependency.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(c => c.Length >= 2 && c[0].Length > 0 && c[1].Length > 0)
            .Select(c => (c[0], c[1]))
            .ToList();
        var faults = new List<NezhaFault>();
        using var json = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(folder, "*-fault_list.json").Single()));
        foreach (var hour in json.RootElement.EnumerateObject())
        {
            foreach (var fault in hour.Value.EnumerateArray())
            {
                // inject_time is the test bed's wall clock, the same clock as the metric TimeStamp read as UTC (README).
                var at = DateTimeOffset.ParseExact(fault.GetProperty("inject_time").GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                var pod = fault.GetProperty("inject_pod").GetString()!;
                faults.Add(new NezhaFault(at, pod, ServiceOf(pod), fault.GetProperty("inject_type").GetString()!));
            }
        }

        return new NezhaDay(name, [.. rows.OrderBy(r => r.At).ThenBy(r => r.Pod, StringComparer.Ordinal)], [.. front.OrderBy(r => r.At)], calls, [.. faults.OrderBy(f => f.At)])
        {
            Edges = LoadEdges(metric),
        };
    }

    /// <summary>
    /// source_50.csv (the caller's view of each caller_callee edge) joined on the minute with destination_50.csv (the
    /// callee's view); a missing or empty cell is NaN. Rows sorted by time, then caller, then callee.
    /// </summary>
    public static IReadOnlyList<EdgeRow> LoadEdges(string metric)
    {
        var sourceFile = Path.Combine(metric, "source_50.csv");
        if (!File.Exists(sourceFile))
        {
            return [];
        }

        var source = EdgeTable(sourceFile);
        var destinationFile = Path.Combine(metric, "destination_50.csv");
        var destination = File.Exists(destinationFile) ? EdgeTable(destinationFile) : [];
        var rows = new List<EdgeRow>();
        foreach (var (minute, (at, edges)) in source)
        {
            var other = destination.TryGetValue(minute, out var d) ? d.Values : null;
            foreach (var (edge, value) in edges)
            {
                var cut = edge.IndexOf('_', StringComparison.Ordinal);
                rows.Add(new EdgeRow(at, edge[..cut], edge[(cut + 1)..], value, other?.GetValueOrDefault(edge, double.NaN) ?? double.NaN));
            }
        }

        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Caller, StringComparer.Ordinal).ThenBy(r => r.Callee, StringComparer.Ordinal)];
    }

    private static Dictionary<DateTimeOffset, (DateTimeOffset At, Dictionary<string, double> Values)> EdgeTable(string file)
    {
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        int stamp = Array.IndexOf(header, "time");
        if (stamp < 0)
        {
            throw new InvalidDataException($"{file}: no column time.");
        }

        var table = new Dictionary<DateTimeOffset, (DateTimeOffset, Dictionary<string, double>)>();
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length < header.Length)
            {
                continue;
            }

            var at = Epoch(cells[stamp], file, i);
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int c = 0; c < header.Length; c++)
            {
                if (c != stamp && header[c].Contains('_', StringComparison.Ordinal))
                {
                    values[header[c]] = Number(cells[c]);
                }
            }

            table[at.AddSeconds(-at.Second)] = (at, values);
        }

        return table;
    }

    // The wall-clock Time string ("2022-08-22 03:51:19.64 +0000 UTC m=+0.14"), to the second, read as UTC: the same clock
    // as inject_time (README). Not the TimeStamp column: adservice's on 2022-08-22 is 200,000,000 s off.
    private static DateTimeOffset Epoch(string text, string file, int line) =>
        text.Length >= 19 && DateTimeOffset.TryParseExact(text[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new InvalidDataException($"{file}:{line + 1}: Time '{text}' does not start with yyyy-MM-dd HH:mm:ss.");

    private static double Number(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}

/// <summary>One minute of one pod's metrics, in the order of <see cref="NezhaDay.Metrics"/>.</summary>
internal sealed record PodRow(DateTimeOffset At, string Pod, double[] Values);

/// <summary>One minute of one caller→callee edge: the latency the caller saw (source_50) and the callee saw (destination_50), in seconds.</summary>
internal sealed record EdgeRow(DateTimeOffset At, string Caller, string Callee, double Source, double Destination);

/// <summary>One minute of the front end's user-facing SLIs.</summary>
internal sealed record FrontRow(DateTimeOffset At, double SuccessRate, double LatencyP90);

/// <summary>One injected fault.</summary>
internal sealed record NezhaFault(DateTimeOffset At, string Pod, string Service, string Type);
