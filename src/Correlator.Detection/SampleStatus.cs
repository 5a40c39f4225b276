namespace Correlator.Detection;

/// <summary>What <see cref="GuardedDetector"/> did with one sample.</summary>
public enum SampleStatus
{
    /// <summary>Scored and learnt.</summary>
    Accepted,

    /// <summary>Scored and learnt, but it came after a gap of several usual sampling intervals.</summary>
    AcceptedAfterGap,

    /// <summary>NaN or infinite: skipped, scored 0.</summary>
    NonFinite,

    /// <summary>Not later than the last accepted sample: skipped, scored 0 (a detector learns in time order only).</summary>
    OutOfOrder,
}
