using System.Globalization;
using Correlator.Correlation.Topology;

namespace Correlator.Service.Eval.Telecom;

/// <summary>One Huawei alarm data set: its alarms in time order, the experts' type → type graph and the device links.</summary>
internal sealed class TelecomData
{
    private TelecomData(string name, List<(int Type, int Device, long Start, long End)> alarms, int[][] dag, List<(string, string)> edges)
    {
        Name = name;
        Alarms = alarms;
        Dag = dag;
        Edges = edges;
        Graph = new TopologyGraph(edges);
    }

    /// <summary>The folder name, e.g. 18V_55N_Wireless.</summary>
    public string Name { get; }

    /// <summary>The part of the name before the first underscore (18V, 24V): the prefix of its JSON figures.</summary>
    public string Key => Name.Split('_')[0];

    public List<(int Type, int Device, long Start, long End)> Alarms { get; }

    /// <summary>Dag[i][j] != 0: alarm type i causes type j.</summary>
    public int[][] Dag { get; }

    public List<(string, string)> Edges { get; }

    public TopologyGraph Graph { get; }

    public int ExpertEdges => Dag.Sum(row => row.Count(v => v != 0));

    public static TelecomData Load(string folder)
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

        return new TelecomData(Path.GetFileName(folder), alarms, dag, edges);
    }

    public static string Device(int id) => "device-" + id.ToString(CultureInfo.InvariantCulture);

    public static string TypeName(int type) => "type-" + type.ToString(CultureInfo.InvariantCulture);

    public static int TypeOf(string type) => int.Parse(type.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Precision, recall and F1 of learnt directed type edges against the experts' graph.</summary>
    public EdgeScore Score(IEnumerable<(string Cause, string Effect)> learnt)
    {
        var list = learnt.ToList();
        int truePositives = list.Count(e => Dag[TypeOf(e.Cause)][TypeOf(e.Effect)] != 0);
        int reversed = list.Count(e => Dag[TypeOf(e.Cause)][TypeOf(e.Effect)] == 0 && Dag[TypeOf(e.Effect)][TypeOf(e.Cause)] != 0);
        return new EdgeScore(list.Count, truePositives, ExpertEdges, reversed);
    }

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
}

/// <summary>Learnt edges against the expert graph.</summary>
internal sealed record EdgeScore(int Learnt, int TruePositives, int Expected, int Reversed = 0)
{
    public double Precision => Learnt == 0 ? 0 : TruePositives / (double)Learnt;

    public double Recall => Expected == 0 ? 0 : TruePositives / (double)Expected;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
