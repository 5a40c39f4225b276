namespace Correlator.Storage;

/// <summary>How many outbox rows a target has pending, delivered and parked; the oldest pending row's creation time.</summary>
public sealed record OutboxCount(string Target, long Pending, long Done, long Parked, DateTimeOffset? OldestPendingAt);
