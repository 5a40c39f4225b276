namespace Correlator.Detection.Ssa;

/// <summary>An SSA forecast: one expected value per step ahead with a band of +- z residual standard deviations.</summary>
public sealed record SsaForecast(IReadOnlyList<double> Expected, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
