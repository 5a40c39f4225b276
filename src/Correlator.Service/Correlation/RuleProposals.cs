using System.Text.RegularExpressions;
using Correlator.Correlation.Learning;

namespace Correlator.Service.Correlation;

/// <summary>
/// The service's co-occurrence learner (fed by the correlation loop) and the acceptance of its proposals: an accepted
/// proposal is written as its own rule file into the rules folder and loaded through the normal reload, so it is
/// validated like any rule and stays visible and removable. Nothing is applied without a person accepting it.
/// </summary>
internal sealed partial class RuleProposals(CorrelationRulesSource rules)
{
    public CooccurrenceLearner Learner { get; } = new(TimeSpan.FromMinutes(5), rules.Topology, hops: 1);

    public IReadOnlyList<RuleProposal> List(long minSupport, double minConfidence, double minAsymmetry)
    {
        Learner.Topology = rules.Topology;
        return Learner.Proposals(minSupport, minConfidence, minAsymmetry);
    }

    /// <summary>Writes the proposal's rule file and reloads; null with the reason when it cannot.</summary>
    public (string? File, string? Problem) Accept(RuleProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var folder = rules.Options.Rules;
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            return (null, "CorrelationFiles:Rules must name a folder for accepted proposals to be written into.");
        }

        if (!SafeId().IsMatch(proposal.Id))
        {
            return (null, $"Proposal id '{proposal.Id}' cannot be a file name.");
        }

        var file = Path.Combine(folder, "learnt-" + proposal.Id + ".yaml");
        File.WriteAllText(file, $"# Accepted proposal: {proposal.Cause} -> {proposal.Effect}, support {proposal.Support}, confidence {proposal.Confidence}\n" + proposal.RuleYaml);
        rules.Reload();
        return (file, rules.LastErrors is { Count: > 0 } errors ? string.Join("; ", errors) : null);
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SafeId();
}
