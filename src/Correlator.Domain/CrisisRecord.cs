using System.Collections.Immutable;

namespace Correlator.Domain;

/// <summary>
/// The crisis record of a major incident: who declared it and why, the people to mobilise, the cadence of status
/// updates and when the next one is due, and the last status summary for management.
/// </summary>
public sealed record CrisisRecord
{
    public required long IncidentId { get; init; }

    public required DateTimeOffset DeclaredAt { get; init; }

    /// <summary>"correlator" when the priority became P1, else the person who flagged it.</summary>
    public required string DeclaredBy { get; init; }

    public required string Reason { get; init; }

    /// <summary>Experts and managers to mobilise (role: who), in the order they are called.</summary>
    public ImmutableList<string> Mobilised { get; init => field = value ?? []; } = [];

    public required TimeSpan UpdateEvery { get; init; }

    public required DateTimeOffset NextUpdateAt { get; init; }

    /// <summary>Status updates reminded so far.</summary>
    public int Reminders { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public bool Equals(CrisisRecord? other) =>
        other is not null && IncidentId == other.IncidentId && DeclaredAt == other.DeclaredAt && DeclaredBy == other.DeclaredBy
        && Reason == other.Reason && Mobilised.SequenceEqual(other.Mobilised) && UpdateEvery == other.UpdateEvery
        && NextUpdateAt == other.NextUpdateAt && Reminders == other.Reminders && EndedAt == other.EndedAt;

    public override int GetHashCode() => HashCode.Combine(IncidentId, DeclaredAt, NextUpdateAt, Reminders, EndedAt);
}
