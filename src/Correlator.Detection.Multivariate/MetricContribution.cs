namespace Correlator.Detection.Multivariate;

/// <summary>How much of a row's reconstruction error one metric explains (shares of a row sum to 1).</summary>
public sealed record MetricContribution(int Index, string Metric, double Share);
