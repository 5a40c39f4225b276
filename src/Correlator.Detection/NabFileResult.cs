namespace Correlator.Detection;

/// <summary>A detector's anomaly score for every row of one NAB file, as scored.</summary>
public sealed class NabFileResult(NabDataFile file, double[] scores)
{
    public NabDataFile File { get; } = file;

    public IReadOnlyList<double> Scores { get; } = scores;

    internal double[] RawScores { get; } = scores;
}
