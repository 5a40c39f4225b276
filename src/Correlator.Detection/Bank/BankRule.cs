namespace Correlator.Detection.Bank;

/// <summary>
/// Which detector follows the series matching a measurement and field pattern (globs: <c>*</c> any run,
/// <c>?</c> one character), and the score from which a sample is anomalous. Rules are tried in order.
/// </summary>
public sealed class BankRule
{
    public string Measurement { get; set; } = "*";

    public string Field { get; set; } = "*";

    /// <summary>A <see cref="DetectorCatalog"/> name, <c>ewma</c> (compact, the default), or <c>none</c> to ignore the series.</summary>
    public string Detector { get; set; } = EwmaDetector.DetectorName;

    /// <summary>Score in (0, 1] from which a sample is anomalous.</summary>
    public double Threshold { get; set; } = 0.999;
}
