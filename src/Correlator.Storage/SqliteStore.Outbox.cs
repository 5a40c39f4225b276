using System.Globalization;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>The transactional outbox: rows written with the change set that caused them, claimed and settled by the publishers.</summary>
public sealed partial class SqliteStore : IOutboxStore
{
    private readonly List<OutboxRoute> _routes = [];
    private OutboxCommands? _outbox;

    /// <summary>The targets the outbox writes rows for.</summary>
    public IReadOnlyList<string> OutboxTargets => [.. _routes.Select(r => r.Target)];

    /// <summary>Adds a target; call it while composing, before the first commit. A target name is used once.</summary>
    public void AddOutboxRoute(OutboxRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (_routes.Any(r => r.Target == route.Target))
        {
            throw new ArgumentException($"The outbox target '{route.Target}' is already routed.", nameof(route));
        }

        _routes.Add(route);
    }

    // Called inside CommitAsync's transaction: the effects become durable with the change, or not at all.
    private void WriteOutbox(ChangeSet changes)
    {
        if (_routes.Count == 0)
        {
            return;
        }

        _outbox ??= new OutboxCommands(_write);
        var at = changes.Watermark ?? DateTimeOffset.UnixEpoch;
        foreach (var route in _routes)
        {
            foreach (var effect in route.Derive(changes))
            {
                _outbox.Insert(route.Target, effect, at);
            }
        }
    }

    /// <summary>
    /// Enqueues effects made outside a change set (e.g. an accepted problem record), one row per target that
    /// accepts their kind, in one transaction. Returns how many rows were new (a repeated key adds none).
    /// </summary>
    public Task<int> EnqueueOutboxAsync(IReadOnlyList<OutboxEffect> effects, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effects);
        return WriteAsync("enqueue outbox rows in", async (transaction, ct) =>
        {
            int added = 0;
            foreach (var effect in effects)
            {
                foreach (var route in _routes.Where(r => r.Accepts(effect.Kind)))
                {
                    added += await ExecuteAsync(transaction, OutboxCommands.InsertSql, ct,
                        ("$target", route.Target), ("$stream", effect.Stream), ("$kind", effect.Kind), ("$key", effect.Key),
                        ("$payload", effect.Payload), ("$created_at", StoredValues.Time(at)));
                }
            }

            return added;
        }, cancellationToken);
    }

    /// <summary>Enqueues "create this problem record, linked to its incidents' tickets" for every target that takes problems.</summary>
    public Task<int> EnqueueProblemRecordAsync(ProblemEffect problem, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var stream = OutboxKinds.ProblemStream(problem.ProblemId);
        return EnqueueOutboxAsync([new OutboxEffect(stream, OutboxKinds.ProblemCreate, stream + "/create", OutboxJson.Write(problem))], at, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string target, int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return WriteAsync<IReadOnlyList<OutboxEntry>>("claim outbox rows from", async (transaction, ct) =>
        {
            var rows = new List<OutboxEntry>();
            await ReadAsync(_write, transaction, $"""
                SELECT {OutboxColumns}, r.external_ref FROM outbox o
                LEFT JOIN outbox_refs r ON r.target = o.target AND r.stream = o.stream
                WHERE o.target = $target AND o.status = 'pending' AND o.next_attempt_at <= $now
                  AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.target = o.target AND p.stream = o.stream AND p.status <> 'done')
                ORDER BY o.id LIMIT $max
                """, [("$target", target), ("$now", StoredValues.Time(now)), ("$max", max)], row => rows.Add(Entry(row)), ct);
            foreach (var row in rows)
            {
                await ExecuteAsync(transaction, "UPDATE outbox SET attempts = attempts + 1 WHERE id = $id", ct, ("$id", row.Id));
            }

            return [.. rows.Select(r => r with { Attempts = r.Attempts + 1 })];
        }, cancellationToken);
    }

    public Task CompleteOutboxAsync(long id, string? externalRef, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync("complete an outbox row in", async (transaction, ct) =>
        {
            await ExecuteAsync(transaction, "UPDATE outbox SET status = 'done', error = NULL, finished_at = $at WHERE id = $id", ct,
                ("$id", id), ("$at", StoredValues.Time(at)));
            if (externalRef is not null)
            {
                await ExecuteAsync(transaction, """
                    INSERT INTO outbox_refs (target, stream, external_ref) SELECT target, stream, $ref FROM outbox WHERE id = $id
                    ON CONFLICT (target, stream) DO UPDATE SET external_ref = excluded.external_ref
                    """, ct, ("$id", id), ("$ref", externalRef));
            }

            return 0;
        }, cancellationToken);

    public Task DeferOutboxAsync(long id, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        WriteAsync("defer an outbox row in", (transaction, ct) => ExecuteAsync(transaction,
            "UPDATE outbox SET error = $error, next_attempt_at = $next WHERE id = $id AND status = 'pending'", ct,
            ("$id", id), ("$error", reason), ("$next", StoredValues.Time(retryAt))), cancellationToken);

    public Task ParkOutboxAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync("park an outbox row in", (transaction, ct) => ExecuteAsync(transaction,
            "UPDATE outbox SET status = 'parked', error = $error, finished_at = $at WHERE id = $id", ct,
            ("$id", id), ("$error", reason), ("$at", StoredValues.Time(at))), cancellationToken);

    /// <summary>Puts a parked row back in line (after a person fixed the cause); false when no parked row has that id.</summary>
    public async Task<bool> RetryParkedAsync(long id, CancellationToken cancellationToken) =>
        await WriteAsync("retry a parked outbox row in", (transaction, ct) => ExecuteAsync(transaction,
            "UPDATE outbox SET status = 'pending', next_attempt_at = '', finished_at = NULL WHERE id = $id AND status = 'parked'", ct,
            ("$id", id)), cancellationToken) == 1;

    /// <summary>Deletes delivered rows finished before <paramref name="before"/>; the external references stay. Returns how many.</summary>
    public Task<int> PurgeOutboxAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync("purge delivered outbox rows from", (transaction, ct) => ExecuteAsync(transaction,
            "DELETE FROM outbox WHERE status = 'done' AND finished_at < $before", ct, ("$before", StoredValues.Time(before))), cancellationToken);

    public async Task<string?> GetExternalRefAsync(string target, string stream, CancellationToken cancellationToken) =>
        await ReadScalarAsync("SELECT external_ref FROM outbox_refs WHERE target = $target AND stream = $stream",
            [("$target", target), ("$stream", stream)], cancellationToken);

    public async Task<string?> FindStreamAsync(string target, string externalRef, CancellationToken cancellationToken) =>
        await ReadScalarAsync("SELECT stream FROM outbox_refs WHERE target = $target AND external_ref = $ref",
            [("$target", target), ("$ref", externalRef)], cancellationToken);

    /// <summary>Rows of a status, oldest first, optionally of one target.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, string? target, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = new List<OutboxEntry>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, $"""
                SELECT {OutboxColumns}, r.external_ref FROM outbox o
                LEFT JOIN outbox_refs r ON r.target = o.target AND r.stream = o.stream
                WHERE o.status = $status AND ($target IS NULL OR o.target = $target) ORDER BY o.id LIMIT $limit
                """, [("$status", StatusName(status)), ("$target", (object?)target ?? DBNull.Value), ("$limit", limit)],
                row => rows.Add(Entry(row)), cancellationToken);
            return rows;
        }
        catch (SqliteException ex)
        {
            throw Failure("list outbox rows of", ex);
        }
    }

    /// <summary>Rows per target and status, for /health and /metrics.</summary>
    public async Task<IReadOnlyList<OutboxCount>> CountOutboxAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, OutboxCount>(StringComparer.Ordinal);
        foreach (var target in OutboxTargets)
        {
            counts[target] = new OutboxCount(target, 0, 0, 0, null);
        }

        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT target, status, COUNT(*), MIN(created_at) FROM outbox GROUP BY target, status", [], row =>
            {
                var target = row.GetString(0);
                var count = counts.GetValueOrDefault(target) ?? new OutboxCount(target, 0, 0, 0, null);
                var n = row.GetInt64(2);
                counts[target] = row.GetString(1) switch
                {
                    "pending" => count with { Pending = n, OldestPendingAt = StoredValues.ParseTime(row.GetString(3)) },
                    "done" => count with { Done = n },
                    _ => count with { Parked = n },
                };
            }, cancellationToken);
            return [.. counts.Values.OrderBy(c => c.Target, StringComparer.Ordinal)];
        }
        catch (SqliteException ex)
        {
            throw Failure("count outbox rows of", ex);
        }
    }

    public Task<bool> AppendExternalEntryAsync(long incidentId, string key, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync("append an external timeline line to", async (transaction, ct) => await ExecuteAsync(transaction, """
            INSERT INTO incident_external_timeline (incident_id, key, at, kind, text) VALUES ($id, $key, $at, $kind, $text)
            ON CONFLICT (incident_id, key) DO NOTHING
            """, ct, ("$id", incidentId), ("$key", key), ("$at", StoredValues.Time(entry.At)), ("$kind", StoredValues.Name(entry.Kind)),
            ("$text", entry.Text)) == 1, cancellationToken);
    }

    public async Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken) =>
        await ReadScalarAsync("SELECT value FROM outbox_cursors WHERE name = $name", [("$name", name)], cancellationToken);

    public Task SetCursorAsync(string name, string value, CancellationToken cancellationToken) =>
        WriteAsync("store a cursor in", (transaction, ct) => ExecuteAsync(transaction,
            "INSERT INTO outbox_cursors (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", ct,
            ("$name", name), ("$value", value)), cancellationToken);

    /// <summary>Merges the external lines of an incident into its timeline by time (after the lines of the same instant).</summary>
    private static async Task MergeExternalEntriesAsync(SqliteConnection connection, SqliteTransaction transaction, long id, List<TimelineEntry> entries, CancellationToken cancellationToken)
    {
        var external = new List<TimelineEntry>();
        await ReadAsync(connection, transaction, "SELECT at, kind, text FROM incident_external_timeline WHERE incident_id = $id ORDER BY at, rowid",
            [("$id", id)], row => external.Add(new TimelineEntry(StoredValues.ParseTime(row.GetString(0)), StoredValues.ParseEntryKind(row.GetString(1)), row.GetString(2))),
            cancellationToken);
        foreach (var entry in external)
        {
            var at = entries.FindLastIndex(e => e.At <= entry.At) + 1;
            entries.Insert(at, entry);
        }
    }

    private const string OutboxColumns = "o.id, o.target, o.stream, o.kind, o.key, o.payload, o.created_at, o.attempts, o.status, o.error";

    private static OutboxEntry Entry(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.GetString(1),
        new OutboxEffect(row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5)),
        StoredValues.ParseTime(row.GetString(6)),
        row.GetInt32(7),
        row.GetString(8) switch { "pending" => OutboxStatus.Pending, "done" => OutboxStatus.Done, _ => OutboxStatus.Parked },
        row.IsDBNull(9) ? null : row.GetString(9),
        row.IsDBNull(10) ? null : row.GetString(10));

    private static string StatusName(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Done => "done",
        _ => "parked",
    };

    private async Task<string?> ReadScalarAsync(string sql, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        string? value = null;
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, sql, parameters, row => value = row.GetString(0), cancellationToken);
            return value;
        }
        catch (SqliteException ex)
        {
            throw Failure("read the outbox of", ex);
        }
    }

    /// <summary>Runs a small write on the write connection, between commits, in its own transaction.</summary>
    private async Task<T> WriteAsync<T>(string action, Func<SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _write.BeginTransaction(deferred: false);
            var result = await write(transaction, cancellationToken);
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex)
        {
            throw Failure(action, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A command on the write connection in <paramref name="transaction"/>, prepared at its first run and kept for the next rows.</summary>
    private SqliteCommand PrepareWrite(SqliteTransaction transaction, string sql)
    {
        var command = _write.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs a command made by <see cref="PrepareWrite"/> with this row's parameters (its statement is not prepared again).</summary>
    private static async Task<int> ExecuteAsync(SqliteCommand command, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = _write.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
