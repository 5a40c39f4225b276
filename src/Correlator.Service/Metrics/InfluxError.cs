namespace Correlator.Service.Metrics;

/// <summary>InfluxDB's error body: <c>{"error":"..."}</c>.</summary>
public sealed record InfluxError(string Error);
