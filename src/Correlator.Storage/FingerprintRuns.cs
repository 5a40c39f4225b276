using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>
/// The lookup of signal episodes by fingerprint alone (migration 9): <c>signal_fingerprints</c> holds
/// (run, fingerprint, first_seen_at) entries in sorted runs, so that a new alert costs no random leaf of a
/// table-sized tree. A commit files its new episodes in the level-0 run of the newest block of
/// <see cref="TailRows"/> rowids; only that run takes inserts, and its tree stays small. Blocks below the
/// newest are sealed, since rowids only grow (signal rows are never deleted). <see cref="Fanout"/> runs of one level, aligned like the digits of a base-<see cref="Fanout"/> counter, are merged into one
/// run of the next level, which covers the same blocks: a run's id is its level above bit <see cref="LevelShift"/>
/// and its first block below, so which runs a merge takes and where it stands are read back from the table itself
/// and survive a crash without any other record. A merge is cut into bounded steps, each in the transaction of a
/// commit: first the merged entries are copied into the new run in key order (the copy resumes after the new run's
/// largest key), then the old runs are deleted from their smallest key. An entry is in at least one run at every
/// moment, so readers see each episode whatever step a merge is at; a lookup probes every run (a few per level).
/// </summary>
internal sealed class FingerprintRuns
{
    /// <summary>log2 of the rowids per block: must match migration 9, which files the rows it carries over by <c>rowid &gt;&gt; 12</c>.</summary>
    public const int TailBits = 12;

    /// <summary>Signal rows per level-0 run.</summary>
    public const long TailRows = 1L << TailBits;

    /// <summary>
    /// Runs of one level merged into one of the next, unless a test asks for another. Each merge moves an entry twice
    /// (copy, delete), so a signal costs about 2 log_Fanout(signals / 4,096) moves; a lookup probes up to Fanout - 1
    /// runs per level. 8 moved 3.1 entries per alert at 300,000 alerts where 4 moved 4.5, without a commit-thread CPU
    /// gain beyond the noise, and made a large incident's outline 1.8x slower to read (docs/benchmarks.md).
    /// </summary>
    public const int DefaultFanout = 4;

    /// <summary>A run id's level sits above this bit; its first block below.</summary>
    public const int LevelShift = 40;

    /// <summary>Entries copied or deleted per new signal row written, per commit: enough for the merges to keep up (each entry moves about twice per level).</summary>
    public const int WorkPerRow = 12;

    /// <summary>Entries copied or deleted by a commit with merges pending however few rows it wrote.</summary>
    public const int MinWork = 256;

    /// <summary>Every run id present, in ascending order: one index seek per run (the table's key starts with run).</summary>
    public const string RunIds = """
        WITH RECURSIVE fr(run) AS (
            SELECT MIN(run) FROM signal_fingerprints
            UNION ALL SELECT (SELECT MIN(g.run) FROM signal_fingerprints g WHERE g.run > fr.run) FROM fr WHERE fr.run IS NOT NULL)
        SELECT run FROM fr WHERE run IS NOT NULL
        """;

    private const long BlockMask = (1L << LevelShift) - 1;

    private long _lastTail = -1;
    private bool _pending = true;

    /// <param name="fanout">Runs of one level merged into one of the next (tests use 4 to reach higher levels with fewer rows).</param>
    public FingerprintRuns(int fanout = DefaultFanout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanout, 2);
        Fanout = fanout;
    }

    /// <summary>Runs of one level merged into one of the next.</summary>
    public int Fanout { get; }

    /// <summary>Entries filed by the commits so far (diagnostics).</summary>
    public long Filed { get; private set; }

    /// <summary>Entries copied or deleted by the merges of the commits so far (diagnostics).</summary>
    public long Moved { get; private set; }

    /// <summary>Wall time the commits spent merging so far (diagnostics).</summary>
    public TimeSpan MergeTime { get; private set; }

    /// <summary>
    /// The condition that a signal row (alias <paramref name="alias"/>) is an episode of the fingerprint
    /// <paramref name="fingerprint"/> (an SQL expression): its key among the entries of every run.
    /// </summary>
    public static string EpisodeOf(string alias, string fingerprint) =>
        $"({alias}.first_seen_at, {alias}.fingerprint) IN (SELECT f.first_seen_at, f.fingerprint FROM signal_fingerprints f "
        + $"WHERE f.run IN ({RunIds}) AND f.fingerprint = {fingerprint})";

    public static int LevelOf(long run) => (int)(run >> LevelShift);

    public static long FirstBlockOf(long run) => run & BlockMask;

    public static long RunId(int level, long firstBlock) => ((long)level << LevelShift) | firstBlock;

    /// <summary>Blocks a run of this level covers.</summary>
    public long Span(int level)
    {
        long span = 1;
        for (int i = 0; i < level; i++)
        {
            span *= Fanout;
        }

        return span;
    }

    /// <summary>Forgets what the last commit left (it rolled back): the next one reads it from the table.</summary>
    public void Reset() => _pending = true;

    /// <summary>
    /// After a commit's signal rows are written, within its transaction: files the commit's new episodes in the run of
    /// the newest block (blocks below it are sealed: rowids only grow), then, when a block was sealed since the last
    /// call or a merge is unfinished, does merge work in proportion to the episodes filed.
    /// </summary>
    public void AfterWrite(SqliteConnection connection, SqliteTransaction transaction, WriteCommands commands)
    {
        var tail = MaxRowid(connection, transaction) >> TailBits;
        var filed = commands.FlushFingerprints(RunId(0, tail));
        Filed += filed;
        if (!_pending && tail == _lastTail)
        {
            return;
        }

        var work = (int)Math.Min(int.MaxValue, Math.Max(MinWork, (long)filed * WorkPerRow));
        var started = Stopwatch.GetTimestamp();
        (_pending, var moved) = Step(connection, transaction, tail, work);
        MergeTime += Stopwatch.GetElapsedTime(started);
        Moved += moved;
        _lastTail = tail;
    }

    /// <summary>Merges until no run is left to merge or <paramref name="work"/> entries were moved; true when work is left.</summary>
    public bool Step(SqliteConnection connection, SqliteTransaction transaction, int work)
    {
        var tail = MaxRowid(connection, transaction) >> TailBits;
        return Step(connection, transaction, tail, work).More;
    }

    /// <summary>Merges up to <paramref name="work"/> entries; whether work is left, and the entries moved.</summary>
    private (bool More, long Moved) Step(SqliteConnection connection, SqliteTransaction transaction, long tail, int work)
    {
        long moved = 0;
        while (moved < work)
        {
            var runs = ReadRuns(connection, transaction);
            if (NextMerge(runs, tail) is not { } merge)
            {
                return (false, moved);
            }

            moved += Advance(connection, transaction, merge.Target, merge.Sources, (int)(work - moved));
        }

        return (NextMerge(ReadRuns(connection, transaction), tail) is not null, moved);
    }

    /// <summary>
    /// The merge to work on: the lowest-level one, either unfinished (a run with runs of lower levels inside its
    /// blocks) or ready to start (a level's aligned group of blocks all sealed, with nothing below that level inside).
    /// </summary>
    internal (long Target, List<long> Sources)? NextMerge(IReadOnlyList<long> runs, long tail)
    {
        (long Target, List<long> Sources)? best = null;
        int bestLevel = int.MaxValue;
        foreach (var run in runs)
        {
            int level = LevelOf(run);
            if (level == 0 || level >= bestLevel)
            {
                continue;
            }

            var inside = Inside(runs, FirstBlockOf(run), Span(level), level);
            if (inside.Count > 0)
            {
                best = (run, inside);
                bestLevel = level;
            }
        }

        foreach (var run in runs)
        {
            int level = LevelOf(run) + 1;
            if (level >= bestLevel)
            {
                continue;
            }

            var span = Span(level);
            var first = FirstBlockOf(run) - (FirstBlockOf(run) % span);
            var target = RunId(level, first);
            if (first + span - 1 >= tail || runs.Contains(target))
            {
                continue;
            }

            // Ready only when every run inside is of the level below (the lower ones have been merged up).
            var inside = Inside(runs, first, span, level);
            if (inside.TrueForAll(r => LevelOf(r) == level - 1))
            {
                best = (target, inside);
                bestLevel = level;
            }
        }

        return best;
    }

    private static List<long> Inside(IReadOnlyList<long> runs, long first, long span, int belowLevel)
    {
        var inside = new List<long>();
        foreach (var run in runs)
        {
            var block = FirstBlockOf(run);
            if (LevelOf(run) < belowLevel && block >= first && block < first + span)
            {
                inside.Add(run);
            }
        }

        return inside;
    }

    /// <summary>One step of a merge: copy the next entries in key order, or, once all are copied, delete the sources' smallest ones. Returns the entries moved (at least 1).</summary>
    private static int Advance(SqliteConnection connection, SqliteTransaction transaction, long target, List<long> sources, int work)
    {
        string lastFingerprint = string.Empty, lastFirstSeen = string.Empty;
        using (var last = Command(connection, transaction,
            "SELECT fingerprint, first_seen_at FROM signal_fingerprints WHERE run = $target ORDER BY fingerprint DESC, first_seen_at DESC LIMIT 1"))
        {
            last.Parameters.AddWithValue("$target", target);
            using var reader = last.ExecuteReader();
            if (reader.Read())
            {
                (lastFingerprint, lastFirstSeen) = (reader.GetString(0), reader.GetString(1));
            }
        }

        // A compound SELECT with ORDER BY is merged by SQLite from its arms, each read in key order from the
        // primary key: a k-way merge that stops after `work` rows, with no sort.
        var arms = string.Join(" UNION ALL ", sources.Select((_, i) => string.Create(CultureInfo.InvariantCulture,
            $"SELECT $target, fingerprint, first_seen_at FROM signal_fingerprints WHERE run = $s{i} AND (fingerprint, first_seen_at) > ($fp, $at)")));
        int copied;
        using (var copy = Command(connection, transaction,
            $"INSERT OR IGNORE INTO signal_fingerprints (run, fingerprint, first_seen_at) {arms} ORDER BY 2, 3 LIMIT $n"))
        {
            copy.Parameters.AddWithValue("$target", target);
            copy.Parameters.AddWithValue("$fp", lastFingerprint);
            copy.Parameters.AddWithValue("$at", lastFirstSeen);
            copy.Parameters.AddWithValue("$n", work);
            for (int i = 0; i < sources.Count; i++)
            {
                copy.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$s{i}"), sources[i]);
            }

            copied = copy.ExecuteNonQuery();
        }

        if (copied > 0)
        {
            return copied;
        }

        // Everything is in the target: the sources go, the first one up to its work-th key (all of it when smaller).
        string? upToFingerprint = null, upToFirstSeen = null;
        using (var bound = Command(connection, transaction,
            "SELECT fingerprint, first_seen_at FROM signal_fingerprints WHERE run = $source ORDER BY fingerprint, first_seen_at LIMIT 1 OFFSET $skip"))
        {
            bound.Parameters.AddWithValue("$source", sources[0]);
            bound.Parameters.AddWithValue("$skip", work - 1);
            using var reader = bound.ExecuteReader();
            if (reader.Read())
            {
                (upToFingerprint, upToFirstSeen) = (reader.GetString(0), reader.GetString(1));
            }
        }

        using var delete = Command(connection, transaction, upToFingerprint is null
            ? "DELETE FROM signal_fingerprints WHERE run = $source"
            : "DELETE FROM signal_fingerprints WHERE run = $source AND (fingerprint, first_seen_at) <= ($fp, $at)");
        delete.Parameters.AddWithValue("$source", sources[0]);
        if (upToFingerprint is not null)
        {
            delete.Parameters.AddWithValue("$fp", upToFingerprint);
            delete.Parameters.AddWithValue("$at", upToFirstSeen);
        }

        return Math.Max(1, delete.ExecuteNonQuery());
    }

    private static List<long> ReadRuns(SqliteConnection connection, SqliteTransaction transaction)
    {
        var runs = new List<long>();
        using var command = Command(connection, transaction, RunIds);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            runs.Add(reader.GetInt64(0));
        }

        return runs;
    }

    private static long MaxRowid(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT COALESCE(MAX(rowid), 0) FROM signals");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
