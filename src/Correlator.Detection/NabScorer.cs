namespace Correlator.Detection;

/// <summary>
/// NAB's scoring rules (Lavin and Ahmad 2015; numenta/NAB sweeper): the earliest detection in a
/// window earns A_TP scaled by how early it came, a missed window costs A_FN, and a detection
/// outside every window costs A_FP, less when it falls just after a window. The first
/// min(15 % of rows, 750) rows are a probation period and count for nothing.
/// </summary>
public static class NabScorer
{
    /// <summary>The scaled sigmoid at the left edge of a window, which normalises a true positive to A_TP.</summary>
    public static double MaxTruePositive { get; } = ScaledSigmoid(-1.0);

    /// <summary>
    /// sigma(y) = 2 / (1 + e^(5y)) - 1, where y is the relative position: -1 at a window's left
    /// edge, 0 just past its right edge, positive after it (beyond 3 it is -1).
    /// </summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    /// <summary>The number of leading rows that are not scored: min(floor(15 % of rows), 750).</summary>
    public static int ProbationLength(int rowCount) => Math.Min((int)Math.Floor(0.15 * rowCount), 750);

    /// <summary>Scores one file's binary detections (one per row) under one profile.</summary>
    public static NabFileScore Score(NabDataFile file, IReadOnlyList<bool> detections, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(profile);
        if (detections.Count != file.RowCount)
        {
            throw new ArgumentException($"{file.RelativePath}: {detections.Count} detections for {file.RowCount} rows", nameof(detections));
        }

        return Score(file.RelativePath, NabFileSweep.Create(file), i => detections[i], profile);
    }

    internal static NabFileScore Score(string relativePath, NabFileSweep sweep, Func<int, bool> detected, NabProfile profile)
    {
        var best = new double?[sweep.WindowCount];
        var falsePositiveCost = 0.0;
        var falsePositives = 0;
        for (var i = 0; i < sweep.WindowOf.Length; i++)
        {
            var window = sweep.WindowOf[i];
            if (i < sweep.ProbationLength || !detected(i))
            {
                continue;
            }

            var value = sweep.Weighted(i, profile);
            if (window == NabFileSweep.Outside)
            {
                falsePositiveCost += value;
                falsePositives++;
            }
            else
            {
                // Rows ascend, so the first detection seen is the earliest and the only one that counts.
                best[window] ??= value;
            }
        }

        var scorable = sweep.ScorableWindows();
        var detectedWindows = 0;
        var total = falsePositiveCost;
        for (var w = 0; w < best.Length; w++)
        {
            if (best[w] is { } hit)
            {
                total += hit;
                detectedWindows++;
            }
            else if (scorable[w])
            {
                total -= profile.FalseNegativeWeight;
            }
        }

        return new NabFileScore(relativePath, total, detectedWindows, scorable.Count(s => s) - detectedWindows, falsePositives);
    }
}
