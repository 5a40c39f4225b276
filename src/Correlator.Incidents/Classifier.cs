using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>Classifies incidents by label rules: the first rule whose labels all appear on one of its signals.</summary>
public sealed class Classifier(IReadOnlyList<CategoryRule> rules, string defaultCategory)
{
    public Classification Classify(IReadOnlyList<LabelSet> signalLabels)
    {
        ArgumentNullException.ThrowIfNull(signalLabels);
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            foreach (var labels in signalLabels)
            {
                if (Matches(rule, labels))
                {
                    return new Classification(rule.Category, rule.Subcategory, $"rule {i} ({string.Join(", ", rule.Match.Select(m => m.Key + "=" + m.Value))})");
                }
            }
        }

        return new Classification(defaultCategory, null, "no rule matched");
    }

    private static bool Matches(CategoryRule rule, LabelSet labels)
    {
        foreach (var (name, pattern) in rule.Match)
        {
            if (!labels.TryGetValue(name, out var value) || !Glob(pattern, value))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool Glob(string pattern, string value) =>
        pattern == "*" || (pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : value == pattern);
}
