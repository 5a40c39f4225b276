using System.Collections.Immutable;
using Correlator.Domain;

namespace Correlator.Service.Eval;

/// <summary>One incident of the UCI ServiceNow event log, folded from its audit events.</summary>
internal sealed record UciIncident(
    long Id,
    string Number,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    Priority Priority,
    bool MadeSla,
    int Reopens,
    ImmutableList<HoldPeriod> Holds,
    string? Category,
    string? Subcategory,
    string? Symptom,
    string? Location,
    string? Group,
    IReadOnlySet<string> Problems,
    DateTimeOffset? LinkedAt)
{
    /// <summary>The classification fields as the incident was opened (its first event), before people changed them.</summary>
    public UciOpening? Opening { get; init; }
}

/// <summary>The classification an incident had at its first event: what a replay in opening order can know.</summary>
internal sealed record UciOpening(string? Category, string? Subcategory, string? Symptom, string? Location, string? Group);
