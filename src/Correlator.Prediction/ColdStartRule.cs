namespace Correlator.Prediction;

/// <summary>
/// The transparent scoring used until a model has been trained: a logistic function of a weighted sum of a few
/// features (weights fixed here and listed in <see cref="Weights"/>), so every score can be recomputed by hand.
/// Users feel golden signals on services near the entry point, so those weigh most.
/// </summary>
public sealed class ColdStartRule(double threshold = ColdStartRule.DefaultThreshold) : IAnticipationScorer
{
    public const double DefaultThreshold = 0.7;
    public const double Bias = -4.0;

    /// <summary>(feature, weight, centre): contribution = weight x (value - centre).</summary>
    public static IReadOnlyList<(int Feature, double Weight, double Centre)> Weights { get; } =
    [
        (FeatureSchema.GoldenSignals, 0.8, 0),
        (FeatureSchema.CriticalityMax, 2.0, 0),
        (FeatureSchema.Services, 0.4, 0),
        (FeatureSchema.FiringNow, 0.15, 0),
        (FeatureSchema.CriticalOrMajor, 0.7, 0),
        (FeatureSchema.ScoreTrend, 1.0, 0),
        (FeatureSchema.NewServices5m, 0.5, 0),
        (FeatureSchema.SimilarIncidentRate, 2.0, 0.5),
    ];

    public string Method => "cold-start rule";

    public double Threshold { get; } = threshold is > 0 and < 1 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold is a probability strictly between 0 and 1.");

    public AnticipationScore Score(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"Expected {FeatureSchema.Count} features, got {features.Length}.", nameof(features));
        }

        double sum = Bias;
        var contributions = new List<FeatureContribution>(Weights.Count);
        foreach (var (feature, weight, centre) in Weights)
        {
            double c = weight * (features[feature] - centre);
            sum += c;
            contributions.Add(new FeatureContribution(FeatureSchema.Names[feature], features[feature], c));
        }

        contributions.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return new AnticipationScore(1 / (1 + Math.Exp(-sum)), Threshold, Method, contributions);
    }
}
