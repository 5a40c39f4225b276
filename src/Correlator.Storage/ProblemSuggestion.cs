using System.Collections.Immutable;

namespace Correlator.Storage;

/// <summary>Where a problem suggestion stands: mined and waiting for the problem manager, accepted, or rejected.</summary>
public enum ProblemSuggestionStatus
{
    Proposed = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>
/// A stored problem suggestion: a recurring signature with its evidence (incidents, frequency, downtime) and the
/// problem manager's decision. <see cref="Frequency"/> is the most incidents of the signature within one mining window.
/// </summary>
public sealed record ProblemSuggestion
{
    public long Id { get; init; }

    public required string Signature { get; init; }

    public required string Description { get; init; }

    public ProblemSuggestionStatus Status { get; init; }

    public string? Service { get; init; }

    public ImmutableList<long> IncidentIds { get; init => field = value ?? []; } = [];

    public int Frequency { get; init; }

    public TimeSpan TotalDowntime { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSeenAt { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    /// <summary>The reason given with a rejection, or the note given with an acceptance.</summary>
    public string? Reason { get; init; }

    public bool Equals(ProblemSuggestion? other) =>
        other is not null && Id == other.Id && Signature == other.Signature && Description == other.Description && Status == other.Status
        && Service == other.Service && IncidentIds.SequenceEqual(other.IncidentIds) && Frequency == other.Frequency
        && TotalDowntime == other.TotalDowntime && FirstSeenAt == other.FirstSeenAt && LastSeenAt == other.LastSeenAt
        && ProposedAt == other.ProposedAt && UpdatedAt == other.UpdatedAt && DecidedAt == other.DecidedAt
        && DecidedBy == other.DecidedBy && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(Id, Signature, Status, IncidentIds.Count);
}

/// <summary>What a decision on a suggestion came to.</summary>
public enum ProblemDecisionOutcome
{
    Done = 0,
    NotFound = 1,

    /// <summary>The suggestion was already accepted or rejected.</summary>
    AlreadyDecided = 2,
}

/// <summary>An incident as problem mining reads it from the store: times, title, service, and its signals' names and resources.</summary>
public sealed record IncidentHistoryRow(
    long Id,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    string Title,
    string? Service,
    IReadOnlyList<string> SignalNames,
    IReadOnlyList<string> Resources);
