namespace Correlator.Detection;

/// <summary>Counts of what a <see cref="GuardedDetector"/> accepted and skipped, for a series' health report.</summary>
public readonly record struct SeriesInputReport(long Accepted, long Gaps, long NonFinite, long OutOfOrder)
{
    /// <summary>Samples skipped (non-finite or out of order).</summary>
    public long Skipped => NonFinite + OutOfOrder;
}
