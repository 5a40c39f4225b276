using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Correlator.Correlation.Rules;

/// <summary>Reads typed values out of a YAML mapping, collecting an error (file, line, key) for each bad or unknown one.</summary>
internal sealed class YamlFields(string file, List<RuleError> errors)
{
    public string File => file;

    public void Error(YamlNode node, string key, string message) => errors.Add(new RuleError(file, Line(node), key, message));

    public static int Line(YamlNode node) => (int)Math.Min(int.MaxValue, node.Start.Line);

    /// <summary>The mapping, or null with an error when the node is something else.</summary>
    public YamlMappingNode? Mapping(YamlNode node, string key, params string[] allowed)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, key, "must be a mapping (key: value lines).");
            return null;
        }

        foreach (var child in map.Children.Keys)
        {
            var name = (child as YamlScalarNode)?.Value ?? string.Empty;
            if (Array.IndexOf(allowed, name) < 0)
            {
                Error(child, Join(key, name), $"unknown key; allowed here: {string.Join(", ", allowed)}.");
            }
        }

        return map;
    }

    public IEnumerable<(YamlNode Node, string Key)> Items(YamlMappingNode map, string name, string key)
    {
        var node = Get(map, name);
        if (node is null)
        {
            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, Join(key, name), "must be a list (lines starting with '-').");
            yield break;
        }

        int i = 0;
        foreach (var item in sequence.Children)
        {
            yield return (item, $"{Join(key, name)}[{i++}]");
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node : null;

    public string? String(YamlMappingNode map, string name, string key, bool required = false)
    {
        var node = Get(map, name);
        if (node is null)
        {
            if (required)
            {
                Error(map, Join(key, name), "is required.");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value })
        {
            Error(node, Join(key, name), "must be a non-empty value.");
            return null;
        }

        return value;
    }

    public int Int(YamlMappingNode map, string name, string key, int fallback, int min)
    {
        var text = String(map, name, key);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            Error(Get(map, name)!, Join(key, name), $"must be a whole number of at least {min.ToString(CultureInfo.InvariantCulture)} (got '{text}').");
            return fallback;
        }

        return value;
    }

    public TimeSpan? Duration(YamlMappingNode map, string name, string key, bool required = false)
    {
        var text = String(map, name, key, required);
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var value) || value <= TimeSpan.Zero)
        {
            Error(Get(map, name)!, Join(key, name), $"must be a positive duration such as 30s, 5m, 1h30m, 2d or 00:05:00 (got '{text}').");
            return null;
        }

        return value;
    }

    public string[] StringList(YamlMappingNode map, string name, string key)
    {
        var node = Get(map, name);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, Join(key, name), "must be a list, e.g. [service, cluster].");
            return [];
        }

        var values = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value })
            {
                values.Add(value);
            }
            else
            {
                Error(item, Join(key, name), "items must be non-empty values.");
            }
        }

        return [.. values];
    }

    /// <summary>A matcher from the <c>match</c> (exact) and <c>match_re</c> (regular expression) mappings of a rule.</summary>
    public SignalMatcher Matcher(YamlMappingNode map, string key)
    {
        var equal = Pairs(map, "match", key);
        var patterns = new List<KeyValuePair<string, Regex>>();
        foreach (var (field, pattern, node) in PairsWithNodes(map, "match_re", key))
        {
            try
            {
                patterns.Add(new(field, new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
            }
            catch (ArgumentException error)
            {
                Error(node, Join(key, "match_re." + field), $"is not a valid regular expression: {error.Message}");
            }
        }

        return equal.Count == 0 && patterns.Count == 0 ? SignalMatcher.Any : new SignalMatcher(equal, patterns);
    }

    public List<KeyValuePair<string, string>> Pairs(YamlMappingNode map, string name, string key) =>
        [.. PairsWithNodes(map, name, key).Select(p => new KeyValuePair<string, string>(p.Key, p.Value))];

    private List<(string Key, string Value, YamlNode Node)> PairsWithNodes(YamlMappingNode map, string name, string key)
    {
        var result = new List<(string, string, YamlNode)>();
        var node = Get(map, name);
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode pairs)
        {
            Error(node, Join(key, name), "must be a mapping of field or label names to values.");
            return result;
        }

        foreach (var (k, v) in pairs.Children)
        {
            var field = (k as YamlScalarNode)?.Value;
            if (string.IsNullOrEmpty(field) || v is not YamlScalarNode { Value: { } value })
            {
                Error(v, Join(key, name), "entries must be 'name: value' with plain values.");
                continue;
            }

            result.Add((field, value, v));
        }

        return result;
    }

    public static string Join(string key, string name) => key.Length == 0 ? name : key + "." + name;
}
