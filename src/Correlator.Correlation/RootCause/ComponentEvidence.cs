namespace Correlator.Correlation.RootCause;

/// <summary>What an incident's signals say about one affected component: when it first went wrong, how anomalous, how many signals.</summary>
public sealed record ComponentEvidence(string Component, DateTimeOffset FirstOnset, double MaxScore, int Signals);
