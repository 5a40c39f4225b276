using System.Collections.Immutable;
using System.Globalization;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>
/// Problem suggestions and the incident history they are mined from. An acceptance and the problem record it
/// publishes are written in one transaction: the outbox row exists if and only if the suggestion is accepted.
/// </summary>
public sealed partial class SqliteStore
{
    private const string SuggestionColumns =
        "id, signature, description, status, service, incident_ids, frequency, total_downtime_seconds, first_seen_at, last_seen_at, "
        + "proposed_at, updated_at, decided_at, decided_by, reason";

    /// <summary>
    /// Incidents opened at or after <paramref name="since"/>, oldest first (at most <paramref name="max"/>, the
    /// newest kept), each with the distinct names and resources of its linked signals: the signal rows bound to it
    /// (a signal is bound only to an incident that links it), read through <c>ix_signals_incident</c>.
    /// </summary>
    public async Task<IReadOnlyList<IncidentHistoryRow>> ListIncidentHistoryAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var rows = new List<(long Id, DateTimeOffset Opened, DateTimeOffset? Resolved, string Title, string? Service)>();
            await ReadAsync(connection, transaction, """
                SELECT id, opened_at, resolved_at, title, service FROM (
                    SELECT id, opened_at, resolved_at, title, service FROM incidents WHERE opened_at >= $since
                    ORDER BY opened_at DESC, id DESC LIMIT $max)
                ORDER BY opened_at, id
                """, [("$since", StoredValues.Time(since)), ("$max", max)],
                row => rows.Add((row.GetInt64(0), StoredValues.ParseTime(row.GetString(1)),
                    row.IsDBNull(2) ? null : StoredValues.ParseTime(row.GetString(2)), row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4))),
                cancellationToken);
            var names = new Dictionary<long, SortedSet<string>>();
            var resources = new Dictionary<long, SortedSet<string>>();
            if (rows.Count > 0)
            {
                await ReadAsync(connection, transaction, """
                    SELECT s.incident_id, s.name, s.resource FROM signals s
                    WHERE s.incident_id >= $low AND s.incident_id <= $high
                    """, [("$low", rows.Min(r => r.Id)), ("$high", rows.Max(r => r.Id))], row =>
                    {
                        var id = row.GetInt64(0);
                        Add(names, id, row.GetString(1));
                        if (!row.IsDBNull(2))
                        {
                            Add(resources, id, row.GetString(2));
                        }
                    }, cancellationToken);
            }

            return [.. rows.Select(r => new IncidentHistoryRow(r.Id, r.Opened, r.Resolved, r.Title, r.Service,
                names.TryGetValue(r.Id, out var n) ? [.. n] : [], resources.TryGetValue(r.Id, out var s) ? [.. s] : []))];
        }
        catch (SqliteException ex)
        {
            throw Failure("read the incident history of", ex);
        }

        static void Add(Dictionary<long, SortedSet<string>> map, long id, string value)
        {
            if (!map.TryGetValue(id, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                map[id] = set;
            }

            set.Add(value);
        }
    }

    /// <summary>Suggestions, newest first, optionally of one status.</summary>
    public async Task<IReadOnlyList<ProblemSuggestion>> ListProblemSuggestionsAsync(ProblemSuggestionStatus? status, CancellationToken cancellationToken)
    {
        var list = new List<ProblemSuggestion>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, $"SELECT {SuggestionColumns} FROM problem_suggestions WHERE $status IS NULL OR status = $status ORDER BY id DESC",
                [("$status", status is { } s ? ProblemStatusName(s) : DBNull.Value)], row => list.Add(Suggestion(row)), cancellationToken);
            return list;
        }
        catch (SqliteException ex)
        {
            throw Failure("list problem suggestions of", ex);
        }
    }

    public async Task<ProblemSuggestion?> GetProblemSuggestionAsync(long id, CancellationToken cancellationToken)
    {
        ProblemSuggestion? found = null;
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, $"SELECT {SuggestionColumns} FROM problem_suggestions WHERE id = $id",
                [("$id", id)], row => found = Suggestion(row), cancellationToken);
            return found;
        }
        catch (SqliteException ex)
        {
            throw Failure("read a problem suggestion from", ex);
        }
    }

    /// <summary>Adds a suggestion (its Id is ignored); returns it with the id the store gave it.</summary>
    public Task<ProblemSuggestion> AddProblemSuggestionAsync(ProblemSuggestion suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return WriteAsync("add a problem suggestion to", async (transaction, ct) =>
        {
            await ExecuteAsync(transaction, $"""
                INSERT INTO problem_suggestions ({SuggestionColumns.Replace("id, ", "", StringComparison.Ordinal)})
                VALUES ($signature, $description, $status, $service, $incidents, $frequency, $downtime, $first, $last, $proposed, $updated, $decided_at, $decided_by, $reason)
                """, ct, SuggestionParameters(suggestion));
            using var command = _write.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT last_insert_rowid()";
            var id = (long)(await command.ExecuteScalarAsync(ct) ?? 0L);
            return suggestion with { Id = id };
        }, cancellationToken);
    }

    /// <summary>Replaces the evidence of a suggestion (incidents, frequency, downtime, times, description); the decision stays.</summary>
    public async Task<bool> UpdateProblemEvidenceAsync(ProblemSuggestion suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return await WriteAsync("update a problem suggestion in", (transaction, ct) => ExecuteAsync(transaction, """
            UPDATE problem_suggestions SET description = $description, service = $service, incident_ids = $incidents, frequency = $frequency,
                total_downtime_seconds = $downtime, first_seen_at = $first, last_seen_at = $last, updated_at = $updated
            WHERE id = $id
            """, ct, [("$id", suggestion.Id), .. SuggestionParameters(suggestion)]), cancellationToken) == 1;
    }

    /// <summary>
    /// Accepts a proposed suggestion and, in the same transaction, enqueues <paramref name="record"/> for every
    /// outbox target that takes problem records.
    /// </summary>
    public Task<ProblemDecisionOutcome> AcceptProblemSuggestionAsync(long id, string actor, string? note, ProblemEffect record, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stream = OutboxKinds.ProblemStream(record.ProblemId);
        var effect = new OutboxEffect(stream, OutboxKinds.ProblemCreate, stream + "/create", OutboxJson.Write(record));
        return DecideAsync(id, ProblemSuggestionStatus.Accepted, actor, note, at, async (transaction, ct) =>
        {
            foreach (var route in _routes.Where(r => r.Accepts(effect.Kind)))
            {
                await ExecuteAsync(transaction, OutboxCommands.InsertSql, ct,
                    ("$target", route.Target), ("$stream", effect.Stream), ("$kind", effect.Kind), ("$key", effect.Key),
                    ("$payload", effect.Payload), ("$created_at", StoredValues.Time(at)));
            }
        }, cancellationToken);
    }

    /// <summary>Rejects a proposed suggestion with the reason given; the pattern is remembered.</summary>
    public Task<ProblemDecisionOutcome> RejectProblemSuggestionAsync(long id, string actor, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        DecideAsync(id, ProblemSuggestionStatus.Rejected, actor, reason, at, static (_, _) => Task.CompletedTask, cancellationToken);

    private Task<ProblemDecisionOutcome> DecideAsync(long id, ProblemSuggestionStatus status, string actor, string? reason, DateTimeOffset at,
        Func<SqliteTransaction, CancellationToken, Task> alsoWrite, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return WriteAsync("decide on a problem suggestion in", async (transaction, ct) =>
        {
            string? current = null;
            await ReadAsync(_write, transaction, "SELECT status FROM problem_suggestions WHERE id = $id", [("$id", id)], row => current = row.GetString(0), ct);
            if (current is null)
            {
                return ProblemDecisionOutcome.NotFound;
            }

            if (current != ProblemStatusName(ProblemSuggestionStatus.Proposed))
            {
                return ProblemDecisionOutcome.AlreadyDecided;
            }

            await ExecuteAsync(transaction, """
                UPDATE problem_suggestions SET status = $status, decided_at = $at, decided_by = $actor, reason = $reason, updated_at = $at WHERE id = $id
                """, ct, ("$id", id), ("$status", ProblemStatusName(status)), ("$at", StoredValues.Time(at)), ("$actor", actor), ("$reason", StoredValues.Nullable(reason)));
            await alsoWrite(transaction, ct);
            return ProblemDecisionOutcome.Done;
        }, cancellationToken);
    }

    private static (string, object)[] SuggestionParameters(ProblemSuggestion s) =>
    [
        ("$signature", s.Signature), ("$description", s.Description), ("$status", ProblemStatusName(s.Status)), ("$service", StoredValues.Nullable(s.Service)),
        ("$incidents", string.Join(',', s.IncidentIds.Select(i => i.ToString(CultureInfo.InvariantCulture)))), ("$frequency", s.Frequency),
        ("$downtime", s.TotalDowntime.TotalSeconds), ("$first", StoredValues.Time(s.FirstSeenAt)), ("$last", StoredValues.Time(s.LastSeenAt)),
        ("$proposed", StoredValues.Time(s.ProposedAt)), ("$updated", StoredValues.Time(s.UpdatedAt)),
        ("$decided_at", s.DecidedAt is { } d ? StoredValues.Time(d) : DBNull.Value), ("$decided_by", StoredValues.Nullable(s.DecidedBy)),
        ("$reason", StoredValues.Nullable(s.Reason)),
    ];

    private static ProblemSuggestion Suggestion(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Signature = row.GetString(1),
        Description = row.GetString(2),
        Status = ParseSuggestionStatus(row.GetString(3)),
        Service = row.IsDBNull(4) ? null : row.GetString(4),
        IncidentIds = [.. row.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(i => long.Parse(i, CultureInfo.InvariantCulture))],
        Frequency = row.GetInt32(6),
        TotalDowntime = TimeSpan.FromSeconds(row.GetDouble(7)),
        FirstSeenAt = StoredValues.ParseTime(row.GetString(8)),
        LastSeenAt = StoredValues.ParseTime(row.GetString(9)),
        ProposedAt = StoredValues.ParseTime(row.GetString(10)),
        UpdatedAt = StoredValues.ParseTime(row.GetString(11)),
        DecidedAt = row.IsDBNull(12) ? null : StoredValues.ParseTime(row.GetString(12)),
        DecidedBy = row.IsDBNull(13) ? null : row.GetString(13),
        Reason = row.IsDBNull(14) ? null : row.GetString(14),
    };

    /// <summary>The status as stored and shown: proposed, accepted or rejected.</summary>
    public static string ProblemStatusName(ProblemSuggestionStatus status) => status switch
    {
        ProblemSuggestionStatus.Proposed => "proposed",
        ProblemSuggestionStatus.Accepted => "accepted",
        _ => "rejected",
    };

    private static ProblemSuggestionStatus ParseSuggestionStatus(string text) => text switch
    {
        "proposed" => ProblemSuggestionStatus.Proposed,
        "accepted" => ProblemSuggestionStatus.Accepted,
        "rejected" => ProblemSuggestionStatus.Rejected,
        _ => throw new InvalidDataException($"Unknown problem suggestion status '{text}'."),
    };
}
