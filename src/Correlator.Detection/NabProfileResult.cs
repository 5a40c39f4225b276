namespace Correlator.Detection;

/// <summary>
/// A detector's NAB result under one profile: the corpus-wide threshold, the raw score against
/// the null and perfect baselines, the normalised score 100 * (S - S_null) / (S_perfect - S_null),
/// and every file's part of the raw score at that threshold.
/// </summary>
public sealed class NabProfileResult(
    NabProfile profile,
    NabThreshold threshold,
    double nullScore,
    double perfectScore,
    IReadOnlyList<NabFileScore> files)
{
    public NabProfile Profile { get; } = profile;

    /// <summary>A row is a detection when its score is at least this; +infinity means none is.</summary>
    public double Threshold { get; } = threshold.Value;

    public double RawScore { get; } = threshold.RawScore;

    public double NullScore { get; } = nullScore;

    public double PerfectScore { get; } = perfectScore;

    public double NormalizedScore => 100.0 * (RawScore - NullScore) / (PerfectScore - NullScore);

    public IReadOnlyList<NabFileScore> Files { get; } = files;
}
