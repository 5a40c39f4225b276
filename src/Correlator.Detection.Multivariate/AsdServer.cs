using System.Globalization;
using System.IO.Compression;

namespace Correlator.Detection.Multivariate;

/// <summary>
/// One server of the Application Server Dataset (InterFusion, KDD 2021): train and test rows of
/// 19 metrics every 5 minutes, and the labelled test segments with the metrics that explain each.
/// </summary>
public sealed class AsdServer
{
    public const int MinutesPerRow = 5;

    private AsdServer(string name, double[][] train, double[][] test, AsdSegment[] segments)
    {
        Name = name;
        Train = train;
        Test = test;
        Segments = segments;
    }

    public string Name { get; }

    public IReadOnlyList<double[]> Train { get; }

    public IReadOnlyList<double[]> Test { get; }

    public IReadOnlyList<AsdSegment> Segments { get; }

    /// <summary>Metric names as the interpretation labels number them (m1 .. m19).</summary>
    public IReadOnlyList<string> Metrics => [.. Enumerable.Range(1, Train[0].Length).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Every server of an ASD folder (train/, test/, interpretation_label/), in numeric order.</summary>
    public static IReadOnlyList<AsdServer> LoadAll(string root)
    {
        var train = Path.Combine(root, "train");
        if (!Directory.Exists(train))
        {
            throw new DirectoryNotFoundException($"{Path.GetFullPath(root)} is not an ASD folder: no train/ in it");
        }

        return [.. Directory.GetFiles(train, "*.csv.gz")
            .Select(p => Path.GetFileName(p)[..^".csv.gz".Length])
            .OrderBy(n => int.TryParse(n.Split('-')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)
            .Select(n => Load(root, n))];
    }

    public static AsdServer Load(string root, string name)
    {
        var train = ReadRows(Path.Combine(root, "train", name + ".csv.gz"));
        var test = ReadRows(Path.Combine(root, "test", name + ".csv.gz"));
        var labels = Path.Combine(root, "interpretation_label", name + ".txt");
        var segments = File.ReadLines(labels)
            .Select((line, i) => (line: line.Trim(), i))
            .Where(l => l.line.Length > 0)
            .Select(l => AsdSegment.Parse(l.line, $"{labels}:{l.i + 1}", test.Length, train[0].Length))
            .ToArray();
        return new AsdServer(name, train, test, segments);
    }

    private static double[][] ReadRows(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var rows = new List<double[]>();
        var width = -1;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(',');
            if (width < 0)
            {
                width = parts.Length;
            }

            if (parts.Length != width)
            {
                throw new InvalidDataException($"{path}:{rows.Count + 1}: {parts.Length} values, the first row had {width}");
            }

            rows.Add([.. parts.Select((p, j) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InvalidDataException($"{path}:{rows.Count + 1}, column {j + 1}: '{p}' is not a number"))]);
        }

        return rows.Count > 0 ? [.. rows] : throw new InvalidDataException($"{path}: no rows");
    }
}
