namespace Correlator.Prediction;

/// <summary>How much one feature pushed a score up (positive) or down, with the feature's value.</summary>
public sealed record FeatureContribution(string Feature, float Value, double Contribution);

/// <summary>
/// The probability that a cluster becomes a user-impacting incident within the horizon, whether it passes the
/// threshold, which method gave it (the cold-start rule or a model version) and the features that explain it.
/// </summary>
public sealed record AnticipationScore(double Probability, double Threshold, string Method, IReadOnlyList<FeatureContribution> Explanation)
{
    public bool Raised => Probability >= Threshold;

    /// <summary>One line for people: method, probability and the strongest reasons.</summary>
    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Probability:P0} by {Method} (threshold {Threshold:P0}): ")
        + string.Join(", ", Explanation.Take(3).Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Feature}={c.Value:0.##} ({c.Contribution:+0.00;-0.00})")));
}

/// <summary>Scores the features of a cluster; not thread-safe (one scoring loop owns it).</summary>
public interface IAnticipationScorer
{
    string Method { get; }

    double Threshold { get; }

    AnticipationScore Score(float[] features);
}
