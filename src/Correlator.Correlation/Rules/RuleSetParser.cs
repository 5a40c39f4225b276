using System.Globalization;
using Correlator.Domain;
using Cronos;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Correlator.Correlation.Rules;

/// <summary>
/// Parses rule files (YAML, schema in docs/correlation.md) into one <see cref="RuleSet"/>. Every problem is
/// collected with its file, line and key, and reported together; nothing is half-applied.
/// </summary>
public static partial class RuleSetParser
{
    private static readonly string[] ScheduleKeys = ["start", "cron", "weekly"];
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss"];
    private static readonly string[] TopKeys = ["grouping", "inhibition", "maintenance", "flapping", "severity", "topology"];

    /// <summary>Parses the files (name, text) in the order given; throws <see cref="RuleFileException"/> with every error.</summary>
    public static RuleSet Parse(IEnumerable<(string File, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<RuleError>();
        var builder = new Builder();
        var names = new List<string>();
        foreach (var (file, text) in files)
        {
            names.Add(file);
            ParseFile(file, text, builder, errors);
        }

        if (errors.Count > 0)
        {
            throw new RuleFileException(errors);
        }

        return new RuleSet(builder.Grouping, builder.Inhibitions, builder.Maintenance, builder.Flapping, builder.Severity, builder.Topology ?? TopologySettings.Off, names.Count == 0 ? "no rule files" : string.Join(", ", names));
    }

    public static RuleSet Parse(string file, string text) => Parse([(file, text)]);

    private static void ParseFile(string file, string text, Builder builder, List<RuleError> errors)
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

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        var fields = new YamlFields(file, errors);
        if (fields.Mapping(stream.Documents[0].RootNode, string.Empty, TopKeys) is not { } root)
        {
            return;
        }

        foreach (var (node, key) in fields.Items(root, "grouping", string.Empty))
        {
            if (Grouping(fields, node, key) is { } rule && builder.Claim(fields, node, key, rule.Name))
            {
                builder.Grouping.Add(rule);
            }
        }

        foreach (var (node, key) in fields.Items(root, "inhibition", string.Empty))
        {
            if (Inhibition(fields, node, key) is { } rule && builder.Claim(fields, node, key, rule.Name))
            {
                builder.Inhibitions.Add(rule);
            }
        }

        foreach (var (node, key) in fields.Items(root, "maintenance", string.Empty))
        {
            if (Maintenance(fields, node, key) is { } rule && builder.Claim(fields, node, key, rule.Name))
            {
                builder.Maintenance.Add(rule);
            }
        }

        foreach (var (node, key) in fields.Items(root, "flapping", string.Empty))
        {
            if (Flapping(fields, node, key) is { } rule && builder.Claim(fields, node, key, rule.Name))
            {
                builder.Flapping.Add(rule);
            }
        }

        foreach (var (node, key) in fields.Items(root, "severity", string.Empty))
        {
            if (SeverityRule(fields, node, key) is { } rule && builder.Claim(fields, node, key, rule.Name))
            {
                builder.Severity.Add(rule);
            }
        }

        if (YamlFields.Get(root, "topology") is { } topology)
        {
            if (builder.Topology is not null)
            {
                fields.Error(topology, "topology", "is already set by another rule file.");
            }

            builder.Topology = Topology(fields, topology);
        }
    }

    private static GroupingRule? Grouping(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "match", "match_re", "by", "window", "max_lifetime", "min_occurrences", "min_signals") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var by = fields.StringList(map, "by", key);
        if (by.Length == 0)
        {
            fields.Error(map, YamlFields.Join(key, "by"), "must list at least one field or label name, e.g. [service].");
        }

        var window = fields.Duration(map, "window", key) ?? TimeSpan.FromMinutes(5);
        var lifetime = fields.Duration(map, "max_lifetime", key);
        var occurrences = fields.Int(map, "min_occurrences", key, 1, 1);
        var signals = fields.Int(map, "min_signals", key, 1, 1);
        var matcher = fields.Matcher(map, key);
        return name is null || by.Length == 0 ? null : new GroupingRule(name, matcher, by, window, lifetime, occurrences, signals, YamlFields.Line(node));
    }

    private static InhibitionRule? Inhibition(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "sources", "target", "equal") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var sources = new List<SignalMatcher>();
        foreach (var (item, itemKey) in fields.Items(map, "sources", key))
        {
            if (fields.Mapping(item, itemKey, "match", "match_re") is { } source)
            {
                sources.Add(fields.Matcher(source, itemKey));
            }
        }

        if (sources.Count == 0)
        {
            fields.Error(map, YamlFields.Join(key, "sources"), "must list at least one source matcher (- match: {...}).");
        }

        SignalMatcher? target = null;
        if (YamlFields.Get(map, "target") is not { } targetNode)
        {
            fields.Error(map, YamlFields.Join(key, "target"), "is required.");
        }
        else if (fields.Mapping(targetNode, YamlFields.Join(key, "target"), "match", "match_re") is { } targetMap)
        {
            target = fields.Matcher(targetMap, YamlFields.Join(key, "target"));
        }

        var equal = fields.StringList(map, "equal", key);
        return name is null || target is null || sources.Count == 0 ? null : new InhibitionRule(name, sources, target, equal, YamlFields.Line(node));
    }

    private static FlappingRule? Flapping(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "match", "match_re", "max_changes", "window", "stable_for") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var changes = fields.Int(map, "max_changes", key, 4, 1);
        var window = fields.Duration(map, "window", key) ?? TimeSpan.FromMinutes(10);
        var stable = fields.Duration(map, "stable_for", key) ?? window;
        var matcher = fields.Matcher(map, key);
        return name is null ? null : new FlappingRule(name, matcher, changes, window, stable, YamlFields.Line(node));
    }

    private static SeverityMapping? SeverityRule(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "match", "match_re", "set", "map") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var set = SeverityValue(fields, map, "set", key);
        var mapping = new Dictionary<Severity, Severity>();
        foreach (var (from, to) in fields.Pairs(map, "map", key))
        {
            if (SeverityNames.TryParse(from, out var f) && SeverityNames.TryParse(to, out var t))
            {
                mapping[f] = t;
            }
            else
            {
                fields.Error(YamlFields.Get(map, "map")!, YamlFields.Join(key, "map." + from), $"'{from}: {to}' must map a severity to a severity (info, warning, minor, major, critical).");
            }
        }

        if ((set is null) == (mapping.Count == 0))
        {
            fields.Error(map, key, "needs exactly one of 'set' (one severity) or 'map' (severity: severity).");
            return null;
        }

        var matcher = fields.Matcher(map, key);
        return name is null ? null : new SeverityMapping(name, matcher, set, mapping, YamlFields.Line(node));
    }

    private static TopologySettings? Topology(YamlFields fields, YamlNode node)
    {
        if (fields.Mapping(node, "topology", "hops", "window", "enabled") is not { } map)
        {
            return null;
        }

        var enabled = fields.String(map, "enabled", "topology") is not "false";
        var hops = fields.Int(map, "hops", "topology", 1, 0);
        var window = fields.Duration(map, "window", "topology") ?? TimeSpan.FromMinutes(5);
        return new TopologySettings(enabled, hops, window);
    }

    private static Severity? SeverityValue(YamlFields fields, YamlMappingNode map, string name, string key)
    {
        var text = fields.String(map, name, key);
        if (text is null)
        {
            return null;
        }

        if (SeverityNames.TryParse(text, out var severity))
        {
            return severity;
        }

        fields.Error(YamlFields.Get(map, name)!, YamlFields.Join(key, name), $"'{text}' is not a severity (info, warning, minor, major, critical).");
        return null;
    }

    private sealed class Builder
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public List<GroupingRule> Grouping { get; } = [];

        public List<InhibitionRule> Inhibitions { get; } = [];

        public List<MaintenanceWindow> Maintenance { get; } = [];

        public List<FlappingRule> Flapping { get; } = [];

        public List<SeverityMapping> Severity { get; } = [];

        public TopologySettings? Topology { get; set; }

        /// <summary>Rule names are unique across all files, so a link's rule names one rule.</summary>
        public bool Claim(YamlFields fields, YamlNode node, string key, string name)
        {
            var where = $"{fields.File}:{YamlFields.Line(node).ToString(CultureInfo.InvariantCulture)}";
            if (_names.TryAdd(name, where))
            {
                return true;
            }

            fields.Error(node, YamlFields.Join(key, "name"), $"'{name}' is already the name of the rule at {_names[name]}.");
            return false;
        }
    }
}
