namespace Correlator.Detection;

/// <summary>
/// The profile-independent part of NAB scoring for one file: which window each row belongs to
/// and the unweighted scaled-sigmoid value of a detection there. Rows are walked in file order
/// exactly as NAB's sweeper walks them, because a few NAB files have repeated or out-of-order
/// timestamps: a window opens at the first row whose timestamp equals its start, closes at the
/// next row equal to its end, and its width is measured between the first rows carrying those timestamps.
/// </summary>
internal sealed class NabFileSweep
{
    public const int Outside = -1;

    private NabFileSweep(int[] windowOf, double[] unweighted, int windowCount, int probationLength)
    {
        WindowOf = windowOf;
        Unweighted = unweighted;
        WindowCount = windowCount;
        ProbationLength = probationLength;
    }

    /// <summary>Per row: <see cref="Outside"/> or the index of its window (probation rows included).</summary>
    public int[] WindowOf { get; }

    /// <summary>Per row: the scaled sigmoid of a detection there, before profile weights.</summary>
    public double[] Unweighted { get; }

    public int WindowCount { get; }

    /// <summary>Rows before this index are the probation period and are not scored.</summary>
    public int ProbationLength { get; }

    public static NabFileSweep Create(NabDataFile file)
    {
        var times = file.Timestamps;
        var windows = file.Windows;
        var windowOf = new int[times.Count];
        var unweighted = new double[times.Count];
        int? previousExit = null;
        double previousWidth = 0, width = 0;
        int current = Outside, next = 0, right = 0;
        for (var i = 0; i < times.Count; i++)
        {
            if (next < windows.Count && times[i] == windows[next].Start)
            {
                current = next++;
                right = FirstIndexOf(file, windows[current].End);
                width = right - FirstIndexOf(file, windows[current].Start) + 1.0;
            }

            windowOf[i] = current;
            unweighted[i] = current != Outside
                ? NabScorer.ScaledSigmoid(-(right - i + 1) / width)
                : previousExit is { } exit ? NabScorer.ScaledSigmoid(Math.Abs(exit - i) / (previousWidth - 1.0)) : -1.0;

            if (current != Outside && times[i] == windows[current].End)
            {
                previousExit = i;
                previousWidth = width;
                current = Outside;
            }
        }

        return new NabFileSweep(windowOf, unweighted, windows.Count, NabScorer.ProbationLength(times.Count));
    }

    /// <summary>Windows with at least one row after probation: only these can be hit or missed.</summary>
    public bool[] ScorableWindows()
    {
        var scorable = new bool[WindowCount];
        for (var i = ProbationLength; i < WindowOf.Length; i++)
        {
            if (WindowOf[i] >= 0)
            {
                scorable[WindowOf[i]] = true;
            }
        }

        return scorable;
    }

    /// <summary>The weighted value of a detection at <paramref name="row"/>.</summary>
    public double Weighted(int row, NabProfile profile) => WindowOf[row] >= 0
        ? Unweighted[row] * profile.TruePositiveWeight / NabScorer.MaxTruePositive
        : Unweighted[row] * profile.FalsePositiveWeight;

    private static int FirstIndexOf(NabDataFile file, DateTimeOffset time)
    {
        for (var i = 0; i < file.RowCount; i++)
        {
            if (file.Timestamps[i] == time)
            {
                return i;
            }
        }

        throw new InvalidDataException($"{file.RelativePath}: no row at window edge {time:O}; NAB windows must start and end on a row");
    }
}
