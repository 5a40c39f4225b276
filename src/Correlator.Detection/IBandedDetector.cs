namespace Correlator.Detection;

/// <summary>
/// A streaming detector that can state its decision boundary: before the next sample is scored, the range of
/// values that would score below a threshold (normal), so a chart can draw the detector's own expected band
/// rather than an estimate of it. Detectors whose score cannot be inverted (windows, spectra, ensembles) do
/// not implement it.
/// </summary>
public interface IBandedDetector
{
    /// <summary>
    /// The values the next call to <see cref="IStreamingDetector.Score"/> would score below <paramref name="threshold"/>,
    /// given what has been learnt so far: an interval around the detector's own centre. While the detector scores
    /// nothing (warming up) it is (-infinity, +infinity).
    /// </summary>
    /// <param name="threshold">A score in (0, 1]: at or above it a value counts as anomalous.</param>
    (double Lower, double Upper) NormalBand(double threshold);
}
