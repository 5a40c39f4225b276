namespace Correlator.Domain;

/// <summary>
/// One numeric observation of a series at an event time: the unit the metric path carries from line
/// protocol or an InfluxDB query into the detector bank. A struct, because millions pass per second.
/// </summary>
/// <param name="Series">Which series it belongs to.</param>
/// <param name="Time">When it was measured (event time, from the data).</param>
/// <param name="Value">The value; booleans arrive as 1 and 0, integers converted to double.</param>
public readonly record struct MetricSample(SeriesKey Series, DateTimeOffset Time, double Value);
