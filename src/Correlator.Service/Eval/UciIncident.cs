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
    DateTimeOffset? LinkedAt);
