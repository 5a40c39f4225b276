namespace Correlator.Detection;

/// <summary>
/// One NAB application profile: the weights of a true positive, a false positive and a missed
/// window (NAB's "CostMatrix"; its "tnWeight" is not used by the scoring and is not kept).
/// </summary>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>NAB's three published profiles, in the order NAB reports them.</summary>
    public static IReadOnlyList<NabProfile> Published { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
