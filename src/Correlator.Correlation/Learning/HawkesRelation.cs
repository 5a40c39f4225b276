namespace Correlator.Correlation.Learning;

/// <summary>
/// A causal edge learnt by <see cref="TopologicalHawkesLearner"/>: onsets of <see cref="Cause"/> raise the rate of
/// <see cref="Effect"/> on the same and nearby components. <see cref="LogLikelihoodGain"/> is how much the model's
/// log-likelihood falls without the edge (its evidence); <see cref="Excitation"/> the summed kernel weights over hops.
/// </summary>
public sealed record HawkesRelation(string Cause, string Effect, double LogLikelihoodGain, double Excitation);
