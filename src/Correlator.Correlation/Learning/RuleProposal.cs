namespace Correlator.Correlation.Learning;

/// <summary>
/// A relation learnt from the stream, "<see cref="Cause"/> is followed by <see cref="Effect"/> on the same or a
/// neighbouring component", proposed as an inhibition rule for a person to accept; never applied by itself.
/// </summary>
public sealed record RuleProposal(string Id, string Cause, string Effect, long Support, double Confidence, double Reverse, string RuleYaml);
