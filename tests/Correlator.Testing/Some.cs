using Correlator.Domain;

namespace Correlator.Testing;

/// <summary>Test-data builders: a valid value with every field set, overridable where a test cares.</summary>
public static class Some
{
    /// <summary>A fixed, round instant that all test times count from.</summary>
    public static DateTimeOffset T0 { get; } = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static Signal Alert(
        string name = "HighLatency",
        string? service = "checkout",
        string? resource = "web-1",
        int at = 0,
        SignalStatus status = SignalStatus.Firing,
        Severity severity = Severity.Warning,
        string source = "test",
        string? fingerprint = null,
        int? startedAt = null)
    {
        var labels = LabelSet.From(("alertname", name), ("service", service ?? string.Empty), ("instance", resource ?? string.Empty));
        var starts = At(startedAt ?? at);
        return new Signal
        {
            Source = source,
            Fingerprint = fingerprint ?? Fingerprints.Compute(source, labels),
            Name = name,
            Service = service,
            Resource = resource,
            Status = status,
            Severity = severity,
            EventTime = At(at),
            StartsAt = starts,
            EndsAt = status == SignalStatus.Resolved ? At(at) : null,
            Labels = labels,
        };
    }

    public static Signal Resolved(Signal firing, int at) =>
        firing with { Status = SignalStatus.Resolved, EventTime = At(at), EndsAt = At(at) };
}
