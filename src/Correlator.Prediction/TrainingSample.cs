namespace Correlator.Prediction;

/// <summary>
/// The features of one cluster at one moment and whether a user-impacting incident followed within the horizon.
/// <see cref="Origin"/> says where the label came from (replay, store history, a person's feedback).
/// </summary>
public sealed class TrainingSample(DateTimeOffset at, long clusterId, float[] features, bool label, string origin = TrainingSample.History)
{
    public const string History = "history";
    public const string Feedback = "feedback";

    public DateTimeOffset At { get; } = at;

    public long ClusterId { get; } = clusterId;

    public float[] Features { get; } = features is { Length: FeatureSchema.Count } ? features : throw new ArgumentException($"Expected {FeatureSchema.Count} features.", nameof(features));

    public bool Label { get; } = label;

    public string Origin { get; } = origin;
}
