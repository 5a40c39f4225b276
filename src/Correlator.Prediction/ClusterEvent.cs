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
    /// <summary>Label names whose presence marks a change or deploy (e.g. an id set by a CD pipeline).</summary>
    public static IReadOnlyList<string> ChangeLabelNames { get; } = ["change", "change_id", "deploy", "deployment", "deployment_id", "release"];

    /// <summary>Label names whose value, when it is one of <see cref="ChangeLabelValues"/>, marks a change or deploy.</summary>
    public static IReadOnlyList<string> ChangeTypeLabelNames { get; } = ["type", "kind", "event_type", "category"];

    public static IReadOnlyList<string> ChangeLabelValues { get; } = ["change", "deploy", "deployment", "release", "rollout", "config_change"];

    /// <summary>Set when the signal's labels mark it a change or deploy (see <see cref="ChangeLabelNames"/>).</summary>
    public bool MarkedChange { get; init; }

    /// <summary>The event of a signal, at the signal's own event time.</summary>
    public static ClusterEvent From(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new ClusterEvent(signal.EventTime, signal.Fingerprint, signal.Name, signal.Kind, signal.Status, signal.Severity, signal.Service, signal.Resource, signal.Score)
        {
            MarkedChange = IsChangeLabelled(signal.Labels),
        };
    }

    /// <summary>Whether labels mark a change or deploy: a label named as in <see cref="ChangeLabelNames"/>, or a type label with a change value.</summary>
    public static bool IsChangeLabelled(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (name, value) in labels)
        {
            if (ChangeLabelNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                || (ChangeTypeLabelNames.Contains(name, StringComparer.OrdinalIgnoreCase) && ChangeLabelValues.Contains(value, StringComparer.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsFiring => Status == SignalStatus.Firing;

    /// <summary>A change or deploy notification: marked so by its labels, or named so (a rule on the name, so every source can mark one).</summary>
    public bool IsChange =>
        MarkedChange || Name.Contains("deploy", StringComparison.OrdinalIgnoreCase) || Name.Contains("change", StringComparison.OrdinalIgnoreCase) || Name.Contains("release", StringComparison.OrdinalIgnoreCase);

    /// <summary>One of the "golden signals" users feel directly: latency, errors, success rate, timeouts.</summary>
    public bool IsGolden =>
        Name.Contains("latency", StringComparison.OrdinalIgnoreCase) || Name.Contains("error", StringComparison.OrdinalIgnoreCase)
        || Name.Contains("success", StringComparison.OrdinalIgnoreCase) || Name.Contains("timeout", StringComparison.OrdinalIgnoreCase)
        || Name.Contains("5xx", StringComparison.OrdinalIgnoreCase);
}
