namespace Correlator.Detection.Multivariate;

/// <summary>One server's outcome: its segments and the alerts raised outside every segment.</summary>
public sealed record AsdServerResult(string Server, IReadOnlyList<AsdSegmentResult> Segments, int FalseAlerts, double Days, double Threshold);
