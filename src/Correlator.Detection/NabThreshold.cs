namespace Correlator.Detection;

/// <summary>
/// The corpus-wide threshold NAB picks for one profile: a row is a detection when its anomaly
/// score is at least <see cref="Value"/>; <see cref="double.PositiveInfinity"/> means "never detect".
/// </summary>
public readonly record struct NabThreshold(double Value, double RawScore);
