using Correlator.Correlation.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Correlator.Correlation.Topology;

/// <summary>
/// Reads topology files: YAML (<c>nodes:</c> list, <c>edges:</c> list of from/to, or <c>dependencies:</c> name →
/// list) or CSV (a CMDB export with a header naming a source column — <c>source</c>, <c>from</c> or
/// <c>parent</c> — and a target column — <c>target</c>, <c>to</c> or <c>child</c>; other columns are ignored).
/// Errors name the file, line and key or column; nothing is half-loaded.
/// </summary>
public static class TopologyParser
{
    private static readonly string[] SourceColumns = ["source", "from", "parent", "caller", "depends_from"];
    private static readonly string[] TargetColumns = ["target", "to", "child", "callee", "depends_on"];

    /// <summary>Parses the files (name, text); the format follows the extension (.csv, otherwise YAML).</summary>
    public static TopologyGraph Parse(IEnumerable<(string File, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<RuleError>();
        var edges = new List<(string, string)>();
        var nodes = new List<string>();
        var names = new List<string>();
        foreach (var (file, text) in files)
        {
            names.Add(file);
            if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                ParseCsv(file, text, edges, errors);
            }
            else
            {
                ParseYaml(file, text, edges, nodes, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleFileException(errors);
        }

        return new TopologyGraph(edges, nodes, names.Count == 0 ? "no topology files" : string.Join(", ", names));
    }

    private static void ParseCsv(string file, string text, List<(string, string)> edges, List<RuleError> errors)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            errors.Add(new RuleError(file, 1, "(header)", "the first line must be a header naming the source and target columns."));
            return;
        }

        var header = Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int from = Array.FindIndex(header, h => Array.IndexOf(SourceColumns, h) >= 0);
        int to = Array.FindIndex(header, h => Array.IndexOf(TargetColumns, h) >= 0);
        if (from < 0 || to < 0)
        {
            errors.Add(new RuleError(file, 1, "(header)", $"needs a source column ({string.Join(", ", SourceColumns)}) and a target column ({string.Join(", ", TargetColumns)}); found: {string.Join(", ", header)}."));
            return;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = Split(lines[i]);
            var source = from < cells.Length ? cells[from].Trim() : string.Empty;
            var target = to < cells.Length ? cells[to].Trim() : string.Empty;
            if (source.Length == 0 || target.Length == 0)
            {
                errors.Add(new RuleError(file, i + 1, source.Length == 0 ? header[from] : header[to], "is empty or missing."));
                continue;
            }

            edges.Add((source, target));
        }
    }

    // CMDB exports quote cells that hold commas; quotes inside quotes are doubled.
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static void ParseYaml(string file, string text, List<(string, string)> edges, List<string> nodes, List<RuleError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            errors.Add(new RuleError(file, (int)Math.Min(int.MaxValue, error.Start.Line), "(syntax)", error.InnerException?.Message ?? error.Message));
            return;
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        var fields = new YamlFields(file, errors);
        if (fields.Mapping(stream.Documents[0].RootNode, string.Empty, "nodes", "edges", "dependencies") is not { } root)
        {
            return;
        }

        nodes.AddRange(fields.StringList(root, "nodes", string.Empty));
        foreach (var (node, key) in fields.Items(root, "edges", string.Empty))
        {
            if (fields.Mapping(node, key, "from", "to") is { } edge
                && fields.String(edge, "from", key, required: true) is { } from
                && fields.String(edge, "to", key, required: true) is { } to)
            {
                edges.Add((from, to));
            }
        }

        if (YamlFields.Get(root, "dependencies") is { } dependencies)
        {
            if (dependencies is not YamlMappingNode map)
            {
                fields.Error(dependencies, "dependencies", "must map each component to the list of components it depends on.");
                return;
            }

            foreach (var (k, _) in map.Children)
            {
                var from = (k as YamlScalarNode)?.Value ?? string.Empty;
                foreach (var to in fields.StringList(map, from, "dependencies"))
                {
                    edges.Add((from, to));
                }
            }
        }
    }
}
