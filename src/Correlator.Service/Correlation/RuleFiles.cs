using System.Security.Cryptography;
using System.Text;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;

namespace Correlator.Service.Correlation;

/// <summary>Reads the rule and topology files named by <see cref="RuleFilesOptions"/>: the I/O edge of the pure parsers.</summary>
internal static class RuleFiles
{
    private static readonly string[] RuleExtensions = [".yaml", ".yml"];
    private static readonly string[] TopologyExtensions = [".yaml", ".yml", ".csv"];

    /// <summary>The parsed rules and graph, and a hash of the files' contents (a reload skips files that did not change).</summary>
    public static (RuleSet Rules, TopologyGraph Topology, string Hash) Load(RuleFilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = Read(options.Rules, RuleExtensions, "CorrelationFiles:Rules");
        var topology = Read(options.Topology, TopologyExtensions, "CorrelationFiles:Topology");
        var hash = Hash(rules.Concat(topology));
        var errors = new List<RuleError>();
        RuleSet ruleSet = RuleSet.Empty;
        TopologyGraph graph = TopologyGraph.Empty;
        try
        {
            ruleSet = RuleSetParser.Parse(rules);
        }
        catch (RuleFileException error)
        {
            errors.AddRange(error.Errors);
        }

        try
        {
            graph = topology.Count == 0 ? TopologyGraph.Empty : TopologyParser.Parse(topology);
        }
        catch (RuleFileException error)
        {
            errors.AddRange(error.Errors);
        }

        if (errors.Count > 0)
        {
            throw new RuleFileException(errors);
        }

        return (ruleSet, graph, hash);
    }

    /// <summary>A hash of the files' names and contents, to tell whether anything changed.</summary>
    public static string HashOf(RuleFilesOptions options) =>
        Hash(Read(options.Rules, RuleExtensions, "CorrelationFiles:Rules").Concat(Read(options.Topology, TopologyExtensions, "CorrelationFiles:Topology")));

    private static List<(string File, string Text)> Read(string? path, string[] extensions, string key)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return [];
        }

        string[] files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.GetFiles(path).Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new RuleFileException([new RuleError(Path.GetFullPath(path), 0, key, "no such file or folder.")]);
        }

        try
        {
            return [.. files.Select(f => (f, File.ReadAllText(f)))];
        }
        catch (IOException error)
        {
            throw new RuleFileException([new RuleError(path, 0, key, "cannot be read: " + error.Message)]);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new RuleFileException([new RuleError(path, 0, key, "cannot be read: " + error.Message)]);
        }
    }

    private static string Hash(IEnumerable<(string File, string Text)> files)
    {
        var text = new StringBuilder();
        foreach (var (file, content) in files)
        {
            text.Append(file).Append('\0').Append(content).Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
