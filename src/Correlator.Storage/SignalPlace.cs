namespace Correlator.Storage;

/// <summary>Where a stored signal is: its resource and service (either may be missing).</summary>
public sealed record SignalPlace(string? Resource, string? Service);
