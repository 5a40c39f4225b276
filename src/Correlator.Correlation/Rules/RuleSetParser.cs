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
public static class RuleSetParser
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

    private static MaintenanceWindow? Maintenance(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "match", "match_re", "action", "severity", "start", "end", "cron", "duration", "weekly", "timezone") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var action = MaintenanceAction.Suppress;
        switch (fields.String(map, "action", key))
        {
            case null or "suppress": break;
            case "downgrade": action = MaintenanceAction.Downgrade; break;
            case var other: fields.Error(YamlFields.Get(map, "action")!, YamlFields.Join(key, "action"), $"must be suppress or downgrade (got '{other}')."); break;
        }

        var severity = SeverityValue(fields, map, "severity", key) ?? Severity.Info;
        var zone = TimeZone(fields, map, key);
        var window = new MaintenanceWindow(name ?? "?", fields.Matcher(map, key), action, severity, YamlFields.Line(node)) { TimeZone = zone };
        var kinds = ScheduleKeys.Count(k => YamlFields.Get(map, k) is not null);
        if (kinds != 1)
        {
            fields.Error(map, key, "needs exactly one schedule: start and end (one-off), cron and duration, or weekly.");
            return null;
        }

        if (YamlFields.Get(map, "start") is not null)
        {
            var start = Instant(fields, map, "start", key);
            var end = Instant(fields, map, "end", key, required: true);
            if (start is { } s && end is { } e && e <= s)
            {
                fields.Error(YamlFields.Get(map, "end")!, YamlFields.Join(key, "end"), "must be after start.");
            }

            window = window with { Start = start, End = end };
        }
        else if (fields.String(map, "cron", key) is { } cronText)
        {
            window = window with { Cron = Cron(fields, map, cronText, key), Duration = fields.Duration(map, "duration", key, required: true) ?? TimeSpan.Zero };
        }
        else if (YamlFields.Get(map, "weekly") is { } weeklyNode)
        {
            window = Weekly(fields, weeklyNode, YamlFields.Join(key, "weekly"), window);
        }

        return name is null ? null : window;
    }

    private static MaintenanceWindow Weekly(YamlFields fields, YamlNode node, string key, MaintenanceWindow window)
    {
        if (fields.Mapping(node, key, "days", "from", "to") is not { } map)
        {
            return window;
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in fields.StringList(map, "days", key))
        {
            if (DayOf(day) is { } d)
            {
                days.Add(d);
            }
            else
            {
                fields.Error(YamlFields.Get(map, "days")!, YamlFields.Join(key, "days"), $"'{day}' is not a weekday (mon, tue, wed, thu, fri, sat, sun).");
            }
        }

        if (days.Count == 0)
        {
            fields.Error(map, YamlFields.Join(key, "days"), "must list at least one weekday.");
        }

        var from = TimeOfDay(fields, map, "from", key);
        var to = TimeOfDay(fields, map, "to", key);
        if (from == to)
        {
            fields.Error(map, YamlFields.Join(key, "to"), "must differ from 'from'.");
        }

        return window with { Days = days, From = from, To = to };
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

    private static TimeZoneInfo TimeZone(YamlFields fields, YamlMappingNode map, string key)
    {
        var text = fields.String(map, "timezone", key);
        if (text is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(text);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            fields.Error(YamlFields.Get(map, "timezone")!, YamlFields.Join(key, "timezone"), $"'{text}' is not a known IANA time zone (e.g. Europe/Paris, UTC).");
            return TimeZoneInfo.Utc;
        }
    }

    private static DateTimeOffset? Instant(YamlFields fields, YamlMappingNode map, string name, string key, bool required = false)
    {
        var text = fields.String(map, name, key, required);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return value;
        }

        fields.Error(YamlFields.Get(map, name)!, YamlFields.Join(key, name), $"'{text}' must be an RFC 3339 time with its offset, e.g. 2026-03-29T01:00:00Z.");
        return null;
    }

    private static CronExpression? Cron(YamlFields fields, YamlMappingNode map, string text, string key)
    {
        try
        {
            return CronExpression.Parse(text, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException error)
        {
            fields.Error(YamlFields.Get(map, "cron")!, YamlFields.Join(key, "cron"), $"'{text}' is not a cron expression: {error.Message}");
            return null;
        }
    }

    private static TimeOnly TimeOfDay(YamlFields fields, YamlMappingNode map, string name, string key)
    {
        var text = fields.String(map, name, key, required: true);
        if (text is null)
        {
            return default;
        }

        if (TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        fields.Error(YamlFields.Get(map, name)!, YamlFields.Join(key, name), $"'{text}' must be a time of day HH:mm.");
        return default;
    }

    private static DayOfWeek? DayOf(string text) => text.ToUpperInvariant() switch
    {
        "MON" or "MONDAY" => DayOfWeek.Monday,
        "TUE" or "TUESDAY" => DayOfWeek.Tuesday,
        "WED" or "WEDNESDAY" => DayOfWeek.Wednesday,
        "THU" or "THURSDAY" => DayOfWeek.Thursday,
        "FRI" or "FRIDAY" => DayOfWeek.Friday,
        "SAT" or "SATURDAY" => DayOfWeek.Saturday,
        "SUN" or "SUNDAY" => DayOfWeek.Sunday,
        _ => null,
    };

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
