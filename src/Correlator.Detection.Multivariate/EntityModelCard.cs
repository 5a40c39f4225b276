namespace Correlator.Detection.Multivariate;

/// <summary>What is saved next to the ML.NET model: metric names, the standardisation and the threshold.</summary>
internal sealed record EntityModelCard(string[] Metrics, double[] Means, double[] Deviations, double Threshold, int Rank, int TrainingRows);
