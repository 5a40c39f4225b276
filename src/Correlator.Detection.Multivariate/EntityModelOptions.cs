namespace Correlator.Detection.Multivariate;

/// <summary>How an <see cref="EntityAnomalyModel"/> is trained.</summary>
public sealed record EntityModelOptions
{
    /// <summary>Principal components kept (the normal subspace).</summary>
    public int Rank { get; init; } = 5;

    /// <summary>The threshold is this quantile of the training rows' scores.</summary>
    public double ThresholdQuantile { get; init; } = 0.995;

    /// <summary>Seed of the randomized PCA, so a retrain on the same data gives the same model.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work for <paramref name="metricCount"/> metrics.</summary>
    public void Validate(int metricCount)
    {
        if (Rank < 1 || Rank >= metricCount)
        {
            throw new ArgumentException($"{nameof(Rank)} must be from 1 to {metricCount - 1} (one less than the {metricCount} metrics), not {Rank}.");
        }

        if (!(ThresholdQuantile is > 0.0 and < 1.0))
        {
            throw new ArgumentException($"{nameof(ThresholdQuantile)} must be between 0 and 1, exclusive, not {ThresholdQuantile}.");
        }
    }
}
