using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// A target of the outbox and the effects it wants: <see cref="Derive"/> picks them from every committed
/// change set (in the same transaction); <see cref="Accepts"/> says which directly enqueued kinds
/// (<see cref="SqliteStore.EnqueueOutboxAsync"/>) it receives.
/// </summary>
public sealed record OutboxRoute(string Target, Func<ChangeSet, IEnumerable<OutboxEffect>> Derive, Func<string, bool> Accepts)
{
    public string Target { get; init; } = string.IsNullOrWhiteSpace(Target) ? throw new ArgumentException("An outbox target needs a name.", nameof(Target)) : Target;
}
