namespace Correlator.Prediction;

/// <summary>How a model is trained; every value is a command-line option or a configuration key.</summary>
public sealed record TrainingSettings
{
    public TimeSpan Horizon { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The latest share of the samples (by event time) held out for validation, threshold and metrics.</summary>
    public double ValidationShare { get; init; } = 0.3;

    public double TargetPrecision { get; init; } = 0.8;

    public int Trees { get; init; } = 100;

    public int Leaves { get; init; } = 8;

    public int MinExamplesPerLeaf { get; init; } = 5;

    public double LearningRate { get; init; } = 0.1;

    public int Seed { get; init; } = 1;

    /// <summary>Features the model must not use (set to 0 in training and scoring), e.g. time of day when all the data is one day.</summary>
    public IReadOnlyList<string> IgnoredFeatures { get; init; } = [];

    /// <summary>How to train the model again, written on its card.</summary>
    public string Retrain { get; init; } = "correlator train --from <date> --to <date>";

    public void Validate()
    {
        if (ValidationShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationShare), ValidationShare, "The validation share is strictly between 0 and 1.");
        }

        _ = FeatureSchema.IndicesOf(IgnoredFeatures);
        if (Trees < 1 || Leaves < 2 || MinExamplesPerLeaf < 1 || LearningRate <= 0 || Horizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Trees), "Trees >= 1, leaves >= 2, examples per leaf >= 1, learning rate > 0 and a positive horizon are required.");
        }
    }
}
