namespace Correlator.Incidents;

/// <summary>
/// One more signature the miner watches beside the main one, with its own k and window: e.g. a burst of one
/// category within 30 minutes, and a burst routed to one resolver group within 2 hours. Each rule proposes on its
/// own; an incident may be in a suggestion of each rule.
/// </summary>
public sealed class ProblemMinerRule
{
    /// <summary>Signature fields (see <see cref="IncidentSignature.Fields"/>); required.</summary>
    public List<string> Signature { get; set; } = [];

    /// <summary>Occurrences within <see cref="Window"/> that make a suggestion (k); at least 2.</summary>
    public int MinOccurrences { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>This rule's largest suggestion (see <see cref="ProblemMiningOptions.MaxIncidents"/>); null: the options' value.</summary>
    public int? MaxIncidents { get; set; }

    /// <summary>This rule's longest suggestion span (see <see cref="ProblemMiningOptions.MaxSpan"/>); null: the options' value.</summary>
    public TimeSpan? MaxSpan { get; set; }

    /// <summary>What is wrong with the rules, each line naming the key under <paramref name="prefix"/>; empty when none.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<ProblemMinerRule> rules, string prefix)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<string>();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var key = $"{prefix}:{i}";
            if (rule.Signature.Count == 0)
            {
                errors.Add($"{key}:Signature: at least one field is needed (known: {string.Join(", ", IncidentSignature.Fields)}).");
            }

            foreach (var field in rule.Signature.Where(f => !IncidentSignature.Fields.Contains(f)))
            {
                errors.Add($"{key}:Signature: unknown field '{field}' (known: {string.Join(", ", IncidentSignature.Fields)}).");
            }

            if (rule.MinOccurrences < 2)
            {
                errors.Add($"{key}:MinOccurrences: {rule.MinOccurrences} must be at least 2.");
            }

            if (rule.Window <= TimeSpan.Zero)
            {
                errors.Add($"{key}:Window: {rule.Window} must be positive.");
            }

            if (rule.MaxIncidents is { } max && max != 0 && max < rule.MinOccurrences)
            {
                errors.Add($"{key}:MaxIncidents: {max} must be 0 (no cap) or at least MinOccurrences ({rule.MinOccurrences}).");
            }

            if (rule.MaxSpan < TimeSpan.Zero)
            {
                errors.Add($"{key}:MaxSpan: {rule.MaxSpan} must not be negative.");
            }
        }

        return errors;
    }
}
