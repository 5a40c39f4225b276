namespace Correlator.Domain;

/// <summary>
/// The payload of an incident effect: the incident as it stands after the change, what changed
/// (<see cref="Notes"/>, the timeline lines behind it) and the signals newly attached, so a connector can
/// write the ticket without reading the store. Enum values are the store's names (<c>new</c>, <c>P2</c>, <c>critical</c>).
/// </summary>
public sealed record IncidentEffect
{
    public required long IncidentId { get; init; }

    public required string Title { get; init; }

    public string? Service { get; init; }

    /// <summary>The resource of the signal that opened the incident: the configuration item.</summary>
    public string? ConfigurationItem { get; init; }

    public required string State { get; init; }

    public required string Priority { get; init; }

    public required string Impact { get; init; }

    public required string Urgency { get; init; }

    public required string Severity { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<EffectSignal> Signals { get; init; } = [];

    /// <summary>For a notice (<see cref="OutboxKinds.Escalated"/>): the escalation level or role notified (<c>team-lead</c>).</summary>
    public string? NoticeLevel { get; init; }

    /// <summary>For a notice: the person notified, when the level names one (a login or an e-mail address).</summary>
    public string? NoticeRecipient { get; init; }
}

/// <summary>A signal as an effect payload carries it.</summary>
public sealed record EffectSignal(string Fingerprint, string Source, string Name, string Severity, string? Resource, string? Summary, DateTimeOffset AttachedAt, string Rule);

/// <summary>
/// The payload of <see cref="OutboxKinds.ProblemCreate"/>: a problem record to create in the ITSM tool,
/// linked to the tickets of its incidents.
/// </summary>
public sealed record ProblemEffect
{
    /// <summary>Correlator's id of the problem (its external reference and idempotency key).</summary>
    public required string ProblemId { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Service { get; init; }

    public required IReadOnlyList<long> IncidentIds { get; init; }
}
