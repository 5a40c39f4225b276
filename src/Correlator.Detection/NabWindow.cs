namespace Correlator.Detection;

/// <summary>A labelled anomaly window of one NAB data file, both ends inclusive.</summary>
public readonly record struct NabWindow(DateTimeOffset Start, DateTimeOffset End);
