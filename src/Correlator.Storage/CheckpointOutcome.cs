namespace Correlator.Storage;

/// <summary>What one background checkpoint did to the write-ahead log (<see cref="SqliteStore.CheckpointAsync"/>).</summary>
/// <param name="LogPages">Pages in the log when the last checkpoint of the call ran (-1 when SQLite refused the truncation as busy).</param>
/// <param name="CheckpointedPages">How many of them are now in the database file (-1 likewise).</param>
/// <param name="Truncated">The log was over <c>Storage:WalLimitBytes</c> and was reset to zero length.</param>
/// <param name="Busy">The log was over the limit but readers kept it in use beyond <c>Storage:CheckpointBusyTimeout</c>.</param>
/// <param name="WalBytes">The size of the log file afterwards.</param>
public readonly record struct CheckpointOutcome(int LogPages, int CheckpointedPages, bool Truncated, bool Busy, long WalBytes);
