using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Correlator.Storage;

/// <summary>Where and how durably the embedded SQLite store keeps incidents, signal states and input positions.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>The folder of the database file, created when missing; relative paths resolve against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    [Required]
    public string FileName { get; set; } = "correlator.db";

    /// <summary>
    /// <c>Normal</c> (default): in WAL mode a commit survives a process crash but the last commits may be lost on
    /// power failure. <c>Full</c>: every commit is synced to disk, at a cost in throughput.
    /// </summary>
    [Required]
    [RegularExpression("^(?i)(Normal|Full)$")]
    public string Synchronous { get; set; } = "Normal";

    /// <summary>How long a statement waits for a lock held by another connection before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often committed pages are copied from the write-ahead log into the database file, in the
    /// background (the service's checkpoint worker); the log grows by about this much of traffic in between.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most the write-ahead log may hold on disk, in bytes (default 64 MiB, 1 MiB – 64 GiB). When a background
    /// checkpoint leaves the log above it (readers and the writer kept it in use), the checkpointer takes the write
    /// lock and truncates the log; SQLite's <c>journal_size_limit</c> is set to it as well.
    /// </summary>
    [Range(typeof(long), "1048576", "68719476736")]
    public long WalLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long the truncating checkpoint waits for readers to leave the log (default 1 s, below <see cref="BusyTimeout"/>);
    /// commits wait meanwhile. When readers stay, the checkpoint is reported busy and retried at the next interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CheckpointBusyTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the checkpoint worker looks at the size of the write-ahead log between two checkpoints (default
    /// 100 ms; a file-size look, no SQL). When the log is over <see cref="WalLimitBytes"/> it checkpoints at once
    /// instead of at the next <see cref="CheckpointInterval"/>, so the log overshoots the limit by less traffic.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan WalCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// When the log is over <see cref="WalLimitBytes"/>: how many more passive checkpoints (commits go on) may run
    /// before the truncating one takes the write lock, while the last one left pages uncopied (default 3, 0 – 16).
    /// Each pass copies what was committed during the previous one, so what is copied with commits waiting shrinks
    /// to one short pass's worth of traffic; 0 truncates right after the first passive checkpoint.
    /// </summary>
    [Range(0, 16)]
    public int WalCatchUpPasses { get; set; } = 3;

    /// <summary>
    /// How the truncating checkpoint deals with readers still in the log. Zero: it waits for them with the write lock
    /// held (up to <see cref="CheckpointBusyTimeout"/>; commits wait as long). Above zero (default 1 ms, at most 1 s): it
    /// does not wait under the lock; it releases the lock, lets commits go on for this pause and tries again, until
    /// <see cref="CheckpointBusyTimeout"/> has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WalTruncateRetryPause { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// <c>false</c> (default): the log over <see cref="WalLimitBytes"/> is reset with <c>wal_checkpoint(RESTART)</c>,
    /// which rewinds it without shrinking the file (0.1 ms measured), and the writer's next commit cuts the file back to
    /// the limit; the file then stays at about the limit. <c>true</c>: <c>wal_checkpoint(TRUNCATE)</c> shrinks it to zero
    /// with the write lock held (34–80 ms for 63 MiB measured on the bench machine).
    /// </summary>
    public bool WalTruncateToZero { get; set; }

    /// <summary>Page cache of the write connection, in MiB: the indexes a commit touches should fit in it.</summary>
    [Range(1, 65_536)]
    public int CacheSizeMiB { get; set; } = 64;

    /// <summary>
    /// How much of the database file the write connection maps into memory (SQLite <c>mmap_size</c>), in MiB;
    /// 0 reads pages with system calls instead.
    /// </summary>
    [Range(0, 1_048_576)]
    public int MmapSizeMiB { get; set; }

    /// <summary>
    /// <c>true</c> (default): a commit writes several rows per INSERT (<c>VALUES (…), (…)</c>, up to 32 signals or 64
    /// lines a statement). <c>false</c>: one prepared statement per new signal, link and timeline row. Both write the
    /// same rows in the same transaction. One row per statement was the default until multi-row measured less commit
    /// CPU at the Kafka shape, batches of 2,000 (docs/benchmarks.md, 2026-12-07 "commit2"; at batch 100 in 2026-12-05 it had measured slower).
    /// </summary>
    public bool MultiRowInserts { get; set; } = true;

    /// <summary>The full path of the database file.</summary>
    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));

    /// <summary>The truncating checkpoint holds the write lock while it waits, so it must give up before a commit would.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckpointBusyTimeout >= BusyTimeout)
        {
            yield return new ValidationResult(
                string.Create(CultureInfo.InvariantCulture, $"must be below {SectionName}:{nameof(BusyTimeout)} ({BusyTimeout}), got {CheckpointBusyTimeout}."),
                [nameof(CheckpointBusyTimeout)]);
        }
    }
}
