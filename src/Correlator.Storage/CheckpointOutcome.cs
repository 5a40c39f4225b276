namespace Correlator.Storage;

/// <summary>What one background checkpoint did to the write-ahead log (<see cref="SqliteStore.CheckpointAsync"/>).</summary>
/// <param name="LogPages">Pages in the log when the last checkpoint of the call ran (-1 when SQLite refused the truncation as busy).</param>
/// <param name="CheckpointedPages">How many of them are now in the database file (-1 likewise).</param>
/// <param name="Truncated">The log was over <c>Storage:WalLimitBytes</c> and was reset: truncated to zero length, or rewound (the writer's next commit then cuts the file back to the limit).</param>
/// <param name="Busy">The log was over the limit but readers kept it in use beyond <c>Storage:CheckpointBusyTimeout</c>.</param>
/// <param name="WalBytes">The size of the log file afterwards.</param>
/// <param name="Elapsed">Wall time of the whole call, passive passes included.</param>
/// <param name="LockHeld">The longest single hold of the store's write lock by the call (commits waited meanwhile); zero when it did not take it.</param>
/// <param name="PagesCopiedUnderLock">Log pages copied during that hold (0 when the passive passes had copied them all; -1 when unknown).</param>
/// <param name="PassivePasses">Passive checkpoints the call ran before deciding (1 when the log was under the limit).</param>
/// <param name="ResetHeld">The part of <paramref name="LockHeld"/> spent in the truncating checkpoint itself (waiting for readers to leave the log, then resetting it), after the copy.</param>
/// <param name="TruncateAttempts">How many times the call took the write lock to truncate (more than one when readers were in the log and it retried; 0 when it did not try).</param>
public readonly record struct CheckpointOutcome(
    int LogPages,
    int CheckpointedPages,
    bool Truncated,
    bool Busy,
    long WalBytes,
    TimeSpan Elapsed = default,
    TimeSpan LockHeld = default,
    int PagesCopiedUnderLock = 0,
    int PassivePasses = 1,
    TimeSpan ResetHeld = default,
    int TruncateAttempts = 0);
