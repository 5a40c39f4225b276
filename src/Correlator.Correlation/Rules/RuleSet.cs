using Correlator.Domain;

namespace Correlator.Correlation.Rules;

/// <summary>
/// The correlation rules in force, parsed and validated from the rule files (see docs/correlation.md). Immutable:
/// a reload builds a new set and swaps it in whole. Each lookup returns the first rule in file order that matches.
/// </summary>
public sealed class RuleSet
{
    public RuleSet(
        IReadOnlyList<GroupingRule> grouping,
        IReadOnlyList<InhibitionRule> inhibitions,
        IReadOnlyList<MaintenanceWindow> maintenance,
        IReadOnlyList<FlappingRule> flapping,
        IReadOnlyList<SeverityMapping> severity,
        TopologySettings topology,
        string origin)
    {
        Grouping = grouping;
        Inhibitions = inhibitions;
        Maintenance = maintenance;
        Flapping = flapping;
        Severity = severity;
        Topology = topology;
        Origin = origin;
    }

    /// <summary>No rules: the options' GroupBy groups everything, nothing is suppressed.</summary>
    public static RuleSet Empty { get; } = new([], [], [], [], [], TopologySettings.Off, "no rules");

    public IReadOnlyList<GroupingRule> Grouping { get; }

    public IReadOnlyList<InhibitionRule> Inhibitions { get; }

    public IReadOnlyList<MaintenanceWindow> Maintenance { get; }

    public IReadOnlyList<FlappingRule> Flapping { get; }

    public IReadOnlyList<SeverityMapping> Severity { get; }

    public TopologySettings Topology { get; }

    /// <summary>Where the rules came from (file names), for logs and the API.</summary>
    public string Origin { get; }

    public int Count => Grouping.Count + Inhibitions.Count + Maintenance.Count + Flapping.Count + Severity.Count;

    public GroupingRule? GroupingFor(Signal signal) => First(Grouping, r => r.Match.Matches(signal));

    public GroupingRule? GroupingNamed(string name) => First(Grouping, r => r.Name == name);

    public FlappingRule? FlappingFor(Signal signal) => First(Flapping, r => r.Match.Matches(signal));

    public SeverityMapping? SeverityFor(Signal signal) => First(Severity, r => r.Match.Matches(signal));

    public MaintenanceWindow? MaintenanceFor(Signal signal, DateTimeOffset at) => First(Maintenance, r => r.Match.Matches(signal) && r.IsActive(at));

    private static T? First<T>(IReadOnlyList<T> rules, Func<T, bool> predicate)
        where T : class
    {
        for (int i = 0; i < rules.Count; i++)
        {
            if (predicate(rules[i]))
            {
                return rules[i];
            }
        }

        return null;
    }
}
