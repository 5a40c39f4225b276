namespace Correlator.Detection.Multivariate;

/// <summary>
/// One row of an entity scored by <see cref="EntityAnomalyModel"/>: ML.NET's PCA score, whether it
/// is over the model's threshold, and the metrics that explain it, largest share first.
/// </summary>
public sealed record EntityScore(double Score, bool IsAnomaly, IReadOnlyList<MetricContribution> Contributions);
