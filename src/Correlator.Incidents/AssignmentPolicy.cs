namespace Correlator.Incidents;

/// <summary>Functional escalation: the first rule matching service, configuration item and category names the resolver group.</summary>
public sealed class AssignmentPolicy(IReadOnlyList<AssignmentRule> rules, string defaultGroup)
{
    public (string Group, string Reason) Assign(string? service, IReadOnlyCollection<string> resources, string category)
    {
        ArgumentNullException.ThrowIfNull(resources);
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if ((rule.Service is null || Classifier.Glob(rule.Service, service ?? ""))
                && (rule.Category is null || Classifier.Glob(rule.Category, category))
                && (rule.Resource is null || resources.Any(r => Classifier.Glob(rule.Resource, r))))
            {
                return (rule.Group, $"assignment rule {i}");
            }
        }

        return (defaultGroup, "default group");
    }
}
