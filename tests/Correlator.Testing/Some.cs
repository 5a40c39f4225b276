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

    /// <summary>An incident just opened by <paramref name="first"/> (by default a warning on checkout) at <paramref name="at"/> seconds.</summary>
    public static Incident OpenIncident(long id = 1, Signal? first = null, int at = 0) =>
        Incident.Open(id, "service=checkout", first ?? Alert(at: at), "test rule", At(at));

    /// <summary>The signal with extra labels; its fingerprint stays as it was.</summary>
    public static Signal WithLabels(Signal signal, params (string Name, string Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal with { Labels = LabelSet.From(signal.Labels.Concat(extra.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)))) };
    }
}
