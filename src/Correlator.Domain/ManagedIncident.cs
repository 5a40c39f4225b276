using System.Collections.Immutable;

namespace Correlator.Domain;

/// <summary>
/// The incident-management view of an incident, kept beside the correlation's <see cref="Incident"/>:
/// classification, managed priority, resolver group and assignee, the people's actions (acknowledge, hold,
/// resolve) that drive the SLA clocks, and which escalations and SLA warnings were already sent.
/// </summary>
public sealed record ManagedIncident
{
    public required long IncidentId { get; init; }

    public string? Service { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public string Category { get; init; } = "unclassified";

    public string? Subcategory { get; init; }

    public Impact Impact { get; init; } = Impact.Low;

    public Urgency Urgency { get; init; } = Urgency.Low;

    public Priority Priority { get; init; } = Priority.P4;

    public Severity WorstSeverity { get; init; } = Severity.Info;

    /// <summary>Distinct configuration items affected.</summary>
    public int Components { get; init; }

    public string Group { get; init; } = "";

    public string? Assignee { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Periods on hold; the last has no end while the incident is on hold.</summary>
    public ImmutableList<HoldPeriod> Holds { get; init => field = value ?? []; } = [];

    /// <summary>Keys of escalations and SLA warnings already sent (e.g. <c>acknowledge:team-lead</c>, <c>sla:resolve:warning</c>).</summary>
    public ImmutableList<string> Sent { get; init => field = value ?? []; } = [];

    public int Reopens { get; init; }

    /// <summary>Id of the known error whose signature the incident matched (its workaround applies), if any.</summary>
    public string? KnownError { get; init; }

    /// <summary>Flagged major incident (P1 or by hand).</summary>
    public bool Major { get; init; }

    /// <summary>The root cause a person confirmed (when resolving, or afterwards while not closed), if any.</summary>
    public ConfirmedRootCause? RootCause { get; init; }

    public bool IsOnHold => Holds.Count > 0 && Holds[^1].To is null;

    public bool IsOpen => ResolvedAt is null && ClosedAt is null;

    public bool Equals(ManagedIncident? other) =>
        other is not null && IncidentId == other.IncidentId && Service == other.Service && OpenedAt == other.OpenedAt
        && Category == other.Category && Subcategory == other.Subcategory && Impact == other.Impact && Urgency == other.Urgency
        && Priority == other.Priority && WorstSeverity == other.WorstSeverity && Components == other.Components
        && Group == other.Group && Assignee == other.Assignee && AcknowledgedAt == other.AcknowledgedAt
        && ResolvedAt == other.ResolvedAt && ClosedAt == other.ClosedAt && Reopens == other.Reopens && Major == other.Major
        && KnownError == other.KnownError && RootCause == other.RootCause
        && Holds.SequenceEqual(other.Holds) && Sent.SequenceEqual(other.Sent);

    public override int GetHashCode() => HashCode.Combine(IncidentId, Priority, Group, AcknowledgedAt, ResolvedAt, Holds.Count, Sent.Count);
}
