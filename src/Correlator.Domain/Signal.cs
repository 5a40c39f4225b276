namespace Correlator.Domain;

/// <summary>
/// The one normalised input of the pipeline: an alert from a monitoring tool, or an anomaly derived
/// from metrics. Every time in it is event time, taken from the data.
/// </summary>
public sealed record Signal
{
    /// <summary>The tool or detector that raised it, e.g. <c>alertmanager</c>.</summary>
    public required string Source { get; init => field = Guard.NotBlank(value, nameof(Source)); }

    /// <summary>Identity of the condition: repeats of the same condition carry the same fingerprint.</summary>
    public required string Fingerprint { get; init => field = Guard.NotBlank(value, nameof(Fingerprint)); }

    /// <summary>What is wrong, e.g. the Alertmanager <c>alertname</c>.</summary>
    public required string Name { get; init => field = Guard.NotBlank(value, nameof(Name)); }

    public SignalKind Kind { get; init; } = SignalKind.Alert;

    public SignalStatus Status { get; init; } = SignalStatus.Firing;

    public Severity Severity { get; init; } = Severity.Warning;

    /// <summary>The configuration item affected (host, pod, database...), when known.</summary>
    public string? Resource { get; init; }

    /// <summary>The business or technical service the resource belongs to, when known.</summary>
    public string? Service { get; init; }

    /// <summary>When this status happened: the start for a firing signal, the end for a resolved one.</summary>
    public required DateTimeOffset EventTime { get; init => field = Guard.Set(value, nameof(EventTime)); }

    /// <summary>When the condition began.</summary>
    public required DateTimeOffset StartsAt { get; init => field = Guard.Set(value, nameof(StartsAt)); }

    /// <summary>When the condition cleared, for a resolved signal.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    public LabelSet Labels { get; init => field = value ?? LabelSet.Empty; } = LabelSet.Empty;

    public LabelSet Annotations { get; init => field = value ?? LabelSet.Empty; } = LabelSet.Empty;

    /// <summary>A one-line human description, when the tool gave one.</summary>
    public string? Summary { get; init; }

    /// <summary>The detector's anomaly score in [0, 1], for anomaly signals.</summary>
    public double? Score { get; init; }

    /// <summary>The sender's own id of this notification (e.g. the CloudEvents id), used to drop redeliveries.</summary>
    public string? EventId { get; init; }

    public bool IsFiring => Status == SignalStatus.Firing;
}
