namespace Correlator.Detection;

/// <summary>
/// A univariate anomaly detector fed one sample at a time: one value in, one score in [0, 1] out,
/// with bounded state, so the same instance can follow a metric for ever.
/// </summary>
public interface IStreamingDetector
{
    /// <summary>A short, stable name for reports (for example "windowedGaussian").</summary>
    string Name { get; }

    /// <summary>
    /// Scores <paramref name="value"/> against what the detector has seen so far, then learns it.
    /// A non-finite value is skipped (not learnt) and scores 0.
    /// </summary>
    double Score(DateTimeOffset time, double value);
}
