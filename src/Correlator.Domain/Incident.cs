using System.Collections.Immutable;

namespace Correlator.Domain;

/// <summary>
/// An ITIL incident: the signals that belong together, their priority (impact x urgency) and
/// lifecycle. Immutable: every change returns a new incident with a line added to its timeline.
/// </summary>
public sealed partial record Incident
{
    public required long Id { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Id), value, "Incident ids start at 1."); }

    /// <summary>The correlation key that groups its signals, e.g. <c>service=checkout</c>.</summary>
    public required string GroupKey { get; init => field = Guard.NotBlank(value, nameof(GroupKey)); }

    public required string Title { get; init => field = Guard.NotBlank(value, nameof(Title)); }

    public string? Service { get; init; }

    public IncidentState State { get; init; } = IncidentState.New;

    public Impact Impact { get; init; } = Impact.Low;

    public Urgency Urgency { get; init; } = Urgency.Low;

    public Priority Priority { get; init; } = Priority.P4;

    /// <summary>The worst severity among its signals.</summary>
    public Severity Severity { get; init; } = Severity.Info;

    public required DateTimeOffset OpenedAt { get; init => field = Guard.Set(value, nameof(OpenedAt)); }

    /// <summary>Event time of the latest change.</summary>
    public required DateTimeOffset UpdatedAt { get; init => field = Guard.Set(value, nameof(UpdatedAt)); }

    /// <summary>Event time of the latest signal activity (attached, refired or resolved).</summary>
    public required DateTimeOffset LastSignalAt { get; init => field = Guard.Set(value, nameof(LastSignalAt)); }

    public DateTimeOffset? AcknowledgedAt
    {
        get => _milestones?.AcknowledgedAt;
        init => _milestones = Milestones.Of(value, ResolvedAt, ClosedAt);
    }

    public DateTimeOffset? ResolvedAt
    {
        get => _milestones?.ResolvedAt;
        init => _milestones = Milestones.Of(AcknowledgedAt, value, ClosedAt);
    }

    public DateTimeOffset? ClosedAt
    {
        get => _milestones?.ClosedAt;
        init => _milestones = Milestones.Of(AcknowledgedAt, ResolvedAt, value);
    }

    /// <summary>The signals attached, in the order they were; appending shares the list's storage with the version before.</summary>
    public AppendOnlyList<SignalLink> Links { get; init => field = value ?? []; } = [];

    public ImmutableList<TimelineEntry> Timeline { get; init => field = value ?? []; } = [];

    public bool IsActive => IncidentStates.IsActive(State);

    // Where each linked fingerprint is in Links, carried from version to version (a `with` copies it) so that checking
    // a link costs a lookup, not a scan. It serves any Links of the same lineage (see AppendOnlyList.Lineage); any
    // other Links (a `with` from outside, a rebuilt incident, a second version grown from the same one) gets an index
    // of its own on first use.
    private LinkIndex? _index;

    // The three milestone times change a few times in an incident's life while every attach copies the record: kept in
    // one shared object (null while none is set), a version costs one reference instead of three 24-byte fields.
    private Milestones? _milestones;

    /// <summary>Whether a signal with this fingerprint is linked to the incident.</summary>
    public bool IsLinked(string fingerprint)
    {
        var links = Links;
        var index = _index;
        if (index is null || !ReferenceEquals(index.Lineage, links.Lineage))
        {
            index = new LinkIndex(links.Lineage);
            _index = index;
        }

        return index.Contains(links, fingerprint);
    }

    public bool Equals(Incident? other) =>
        other is not null
        && Id == other.Id && GroupKey == other.GroupKey && Title == other.Title && Service == other.Service
        && State == other.State && Impact == other.Impact && Urgency == other.Urgency && Priority == other.Priority
        && Severity == other.Severity && OpenedAt == other.OpenedAt && UpdatedAt == other.UpdatedAt
        && LastSignalAt == other.LastSignalAt && AcknowledgedAt == other.AcknowledgedAt
        && ResolvedAt == other.ResolvedAt && ClosedAt == other.ClosedAt
        && Links.SequenceEqual(other.Links) && Timeline.SequenceEqual(other.Timeline);

    public override int GetHashCode() => HashCode.Combine(Id, State, UpdatedAt, Links.Count, Timeline.Count);

    /// <summary>When the incident was acknowledged, resolved and closed; shared by the versions made in between.</summary>
    private sealed record Milestones(DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt)
    {
        public static Milestones? Of(DateTimeOffset? acknowledgedAt, DateTimeOffset? resolvedAt, DateTimeOffset? closedAt) =>
            acknowledgedAt is null && resolvedAt is null && closedAt is null ? null : new Milestones(acknowledgedAt, resolvedAt, closedAt);
    }
}
