using System.Collections.Immutable;

namespace Correlator.Domain;

/// <summary>
/// A recurring signature proposed as a problem record: the incidents that share it, how often it recurs, the
/// downtime it cost, and the problem manager's decision. An accepted problem is what the publisher turns into
/// a problem record in the ITSM tool ("problem accepted with incidents [...]").
/// </summary>
public sealed record Problem
{
    public required long Id { get; init; }

    /// <summary>The signature key the incidents share, e.g. <c>component=db-1|pattern=DiskFull</c>.</summary>
    public required string Signature { get; init; }

    public required string Description { get; init; }

    public ProblemState State { get; init; } = ProblemState.Suggested;

    public ImmutableList<long> IncidentIds { get; init => field = value ?? []; } = [];

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSeenAt { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    /// <summary>Sum over its incidents of opened → resolved (or → last seen while still open).</summary>
    public TimeSpan TotalDowntime { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? Note { get; init; }

    /// <summary>Occurrences per day between the first and the last incident.</summary>
    public double PerDay => IncidentIds.Count / Math.Max(1.0, (LastSeenAt - FirstSeenAt).TotalDays);

    public bool Equals(Problem? other) =>
        other is not null && Id == other.Id && Signature == other.Signature && Description == other.Description && State == other.State
        && IncidentIds.SequenceEqual(other.IncidentIds) && FirstSeenAt == other.FirstSeenAt && LastSeenAt == other.LastSeenAt
        && ProposedAt == other.ProposedAt && TotalDowntime == other.TotalDowntime && DecidedAt == other.DecidedAt
        && DecidedBy == other.DecidedBy && Note == other.Note;

    public override int GetHashCode() => HashCode.Combine(Id, Signature, State, IncidentIds.Count);
}
