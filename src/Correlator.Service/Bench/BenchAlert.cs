namespace Correlator.Service.Bench;

/// <summary>One synthetic alert of a benchmark stream.</summary>
internal sealed record BenchAlert(string Fingerprint, string Name, string Service, string Instance, string Severity, DateTimeOffset StartsAt);
