using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class ProblemMiner
{
    /// <summary>The extra signature rules: each keys the incident on its own fields and proposes with its own k and window.</summary>
    private void ObserveRules(HistoricIncident incident, List<Problem> changed)
    {
        var rules = _options.AlsoSignatures;
        for (int i = 0; i < rules.Count; i++)
        {
            if (IncidentSignature.Of(incident, rules[i].Signature) is not { } key)
            {
                continue;
            }

            // The rule number keeps two rules on the same fields (different windows) apart.
            var ruleKey = string.Create(CultureInfo.InvariantCulture, $"rule{i + 1}|{key}");
            if (Observe(ruleKey, incident, rules[i].Window, rules[i].MinOccurrences, null, Limits(rules[i])) is { } problem)
            {
                changed.Add(problem);
            }
        }
    }

    private (int MaxIncidents, TimeSpan MaxSpan) Limits(ProblemMinerRule rule) =>
        (rule.MaxIncidents ?? _options.MaxIncidents, rule.MaxSpan ?? _options.MaxSpan);
}
