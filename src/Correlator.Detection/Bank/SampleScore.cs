using Correlator.Domain;

namespace Correlator.Detection.Bank;

/// <summary>What the bank made of one scored sample: its score, the value it expected, and whether it counted as anomalous.</summary>
public readonly record struct SampleScore(SeriesKey Series, DateTimeOffset Time, double Value, double Score, double Expected, bool Anomalous);
