namespace Correlator.Storage;

/// <summary>What one background checkpoint did to the write-ahead log (<see cref="SqliteStore.CheckpointAsync"/>).</summary>
/// <param name="LogPages">Pages in the log when the last checkpoint of the call ran (-1 when SQLite refused the truncation as busy).</param>
/// <param name="CheckpointedPages">How many of them are now in the database file (-1 likewise).</param>
/// <param name="Truncated">The log was over <c>Storage:WalLimitBytes</c> and was reset to zero length.</param>
/// <param name="Busy">The log was over the limit but readers kept it in use beyond <c>Storage:CheckpointBusyTimeout</c>.</param>
/// <param name="WalBytes">The size of the log file afterwards.</param>
/// <param name="Elapsed">Wall time of the whole call, passive passes included.</param>
/// <param name="LockHeld">How long the call held the store's write lock (commits waited meanwhile); zero when it did not take it.</param>
/// <param name="PagesCopiedUnderLock">Log pages the truncation still had to copy while holding the write lock (0 when the passive passes had copied them all; -1 when unknown).</param>
/// <param name="PassivePasses">Passive checkpoints the call ran before deciding (1 when the log was under the limit).</param>
public readonly record struct CheckpointOutcome(
    int LogPages,
    int CheckpointedPages,
    bool Truncated,
    bool Busy,
    long WalBytes,
    TimeSpan Elapsed = default,
    TimeSpan LockHeld = default,
    int PagesCopiedUnderLock = 0,
    int PassivePasses = 1);
