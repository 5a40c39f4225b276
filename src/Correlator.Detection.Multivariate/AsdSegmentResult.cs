namespace Correlator.Detection.Multivariate;

/// <summary>One labelled segment's outcome: caught or not, the delay to the first alert, and the metrics blamed then.</summary>
public sealed record AsdSegmentResult(string Server, AsdSegment Segment, int? FirstAlertRow, IReadOnlyList<int> Blamed)
{
    public bool Caught => FirstAlertRow is not null;

    public int? DelayMinutes => FirstAlertRow is { } row ? (row - Segment.First) * AsdServer.MinutesPerRow : null;

    /// <summary>The share of blamed metrics that the label lists (null when not caught).</summary>
    public double? BlamePrecision => Caught && Blamed.Count > 0 ? (double)Blamed.Count(Segment.Metrics.Contains) / Blamed.Count : null;
}
