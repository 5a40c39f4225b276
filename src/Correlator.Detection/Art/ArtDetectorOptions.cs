namespace Correlator.Detection.Art;

/// <summary>The settings of <see cref="ArtDetector"/>; the defaults are the configuration measured on NAB (docs/detection.md).</summary>
public sealed record ArtDetectorOptions
{
    /// <summary>Features per input: the means of this many consecutive blocks of recent values.</summary>
    public int Features { get; init; } = 2;

    /// <summary>Values averaged into each feature.</summary>
    public int BlockLength { get; init; } = 40;

    /// <summary>The first values: their range fixes the scale of the features, then they are learnt as the first inputs; scored 0.</summary>
    public int LearningPeriod { get; init; } = 400;

    /// <summary>The vigilance: the least match (in [0, 1]) for an input to join a category instead of founding a new one.</summary>
    public double Vigilance { get; init; } = 0.75;

    /// <summary>How far a category moves towards an input that joins it (1: fast learning).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The most categories kept; the least recently matched one is dropped to make room.</summary>
    public int MaxCategories { get; init; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(Features >= 1, nameof(Features), Features, "at least 1");
        Require(BlockLength >= 1, nameof(BlockLength), BlockLength, "at least 1");
        Require(LearningPeriod >= 2, nameof(LearningPeriod), LearningPeriod, "at least 2");
        Require(Vigilance is > 0.0 and <= 1.0, nameof(Vigilance), Vigilance, "above 0 and at most 1");
        Require(LearningRate is > 0.0 and <= 1.0, nameof(LearningRate), LearningRate, "above 0 and at most 1");
        Require(MaxCategories >= 1, nameof(MaxCategories), MaxCategories, "at least 1");
        Require((long)Features * BlockLength <= 1_000_000, nameof(BlockLength), BlockLength, $"such that {nameof(Features)} x {nameof(BlockLength)} is at most 1,000,000");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}, not {value}.");
        }
    }
}
