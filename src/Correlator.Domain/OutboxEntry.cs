namespace Correlator.Domain;

/// <summary>
/// An outbox row as a publisher sees it: the effect for one target, how often delivery was attempted (an
/// attempt counts when the row is claimed, so a crash mid-call is known on restart), and the external
/// reference already known for its stream (e.g. the ticket id), if any.
/// </summary>
public sealed record OutboxEntry(
    long Id,
    string Target,
    OutboxEffect Effect,
    DateTimeOffset CreatedAt,
    int Attempts,
    OutboxStatus Status,
    string? Error,
    string? ExternalRef);
