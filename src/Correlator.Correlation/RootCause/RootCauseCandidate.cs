namespace Correlator.Correlation.RootCause;

/// <summary>One ranked root-cause candidate of an incident (rank 1 is the most likely), with the reason for its score.</summary>
public sealed record RootCauseCandidate(int Rank, string Component, double Score, string Reason);
