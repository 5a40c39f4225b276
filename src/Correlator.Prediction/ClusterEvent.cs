using Correlator.Domain;

namespace Correlator.Prediction;

/// <summary>One signal notification as seen by a candidate incident (a correlation cluster), stamped with event time.</summary>
public sealed record ClusterEvent(
    DateTimeOffset At,
    string Fingerprint,
    string Name,
    SignalKind Kind,
    SignalStatus Status,
    Severity Severity,
    string? Service,
    string? Resource,
    double? Score)
{
    /// <summary>The event of a signal, at the signal's own event time.</summary>
    public static ClusterEvent From(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new ClusterEvent(signal.EventTime, signal.Fingerprint, signal.Name, signal.Kind, signal.Status, signal.Severity, signal.Service, signal.Resource, signal.Score);
    }

    public bool IsFiring => Status == SignalStatus.Firing;

    /// <summary>A change or deploy notification (label-free rule on the name, so every source can mark one).</summary>
    public bool IsChange =>
        Name.Contains("deploy", StringComparison.OrdinalIgnoreCase) || Name.Contains("change", StringComparison.OrdinalIgnoreCase) || Name.Contains("release", StringComparison.OrdinalIgnoreCase);

    /// <summary>One of the "golden signals" users feel directly: latency, errors, success rate, timeouts.</summary>
    public bool IsGolden =>
        Name.Contains("latency", StringComparison.OrdinalIgnoreCase) || Name.Contains("error", StringComparison.OrdinalIgnoreCase)
        || Name.Contains("success", StringComparison.OrdinalIgnoreCase) || Name.Contains("timeout", StringComparison.OrdinalIgnoreCase)
        || Name.Contains("5xx", StringComparison.OrdinalIgnoreCase);
}
