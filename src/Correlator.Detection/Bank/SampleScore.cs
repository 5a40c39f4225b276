using Correlator.Domain;

namespace Correlator.Detection.Bank;

/// <summary>
/// What the bank made of one scored sample: its score, the value it expected, whether it counted as anomalous, and,
/// when the series' detector states one (<see cref="IBandedDetector"/>), the detector's decision band for this
/// sample: values in [<see cref="Lower"/>, <see cref="Upper"/>] would have scored below the rule's threshold
/// (infinite while the detector warms up). Both are NaN when the detector has no such band.
/// </summary>
public readonly record struct SampleScore(SeriesKey Series, DateTimeOffset Time, double Value, double Score, double Expected, bool Anomalous, double Lower = double.NaN, double Upper = double.NaN)
{
    /// <summary>True when <see cref="Lower"/> and <see cref="Upper"/> are the detector's own decision band.</summary>
    public bool HasDetectorBand => !double.IsNaN(Lower) && !double.IsNaN(Upper);
}
