using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>Incident management's state: managed incidents, their timeline and crisis records, written with their outbox rows.</summary>
public sealed partial class SqliteStore
{
    private const string ManagedColumns =
        "m.incident_id, m.service, m.opened_at, m.category, m.subcategory, m.impact, m.urgency, m.priority, m.worst_severity, m.components, "
        + "m.assigned_group, m.assignee, m.acknowledged_at, m.resolved_at, m.closed_at, m.holds, m.sent, m.reopens, m.major, m.known_error, "
        + "rc.component, rc.confirmed_by, rc.confirmed_at";

    /// <summary>What <see cref="ManagedColumns"/> selects from: the managed row with its confirmed root cause, if any.</summary>
    private const string ManagedFrom = "incident_management m LEFT JOIN incident_root_causes rc ON rc.incident_id = m.incident_id";

    private const string UpsertRootCause = """
        INSERT INTO incident_root_causes (incident_id, component, confirmed_by, confirmed_at) VALUES ($id, $component, $by, $at)
        ON CONFLICT (incident_id) DO UPDATE SET component = excluded.component, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at
        WHERE component IS NOT excluded.component OR confirmed_by IS NOT excluded.confirmed_by OR confirmed_at IS NOT excluded.confirmed_at
        """;

    private const string CrisisColumns =
        "c.incident_id, c.declared_at, c.declared_by, c.reason, c.mobilised, c.update_every_seconds, c.next_update_at, c.reminders, c.ended_at";

    private const string UpsertManaged = """
        INSERT INTO incident_management (incident_id, service, opened_at, category, subcategory, impact, urgency, priority, worst_severity,
            components, assigned_group, assignee, acknowledged_at, resolved_at, closed_at, on_hold_since, held_seconds, holds, sent,
            escalation_level, reopens, major, known_error)
        VALUES ($id, $service, $opened_at, $category, $subcategory, $impact, $urgency, $priority, $severity, $components, $group, $assignee,
            $acknowledged_at, $resolved_at, $closed_at, $on_hold_since, $held_seconds, $holds, $sent, $escalation_level, $reopens, $major, $known_error)
        ON CONFLICT (incident_id) DO UPDATE SET service = excluded.service, category = excluded.category, subcategory = excluded.subcategory,
            impact = excluded.impact, urgency = excluded.urgency, priority = excluded.priority, worst_severity = excluded.worst_severity,
            components = excluded.components, assigned_group = excluded.assigned_group, assignee = excluded.assignee,
            acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at, closed_at = excluded.closed_at,
            on_hold_since = excluded.on_hold_since, held_seconds = excluded.held_seconds, holds = excluded.holds, sent = excluded.sent,
            escalation_level = excluded.escalation_level, reopens = excluded.reopens, major = excluded.major, known_error = excluded.known_error
        """;

    private const string UpsertCrisis = """
        INSERT INTO incident_crisis (incident_id, declared_at, declared_by, reason, mobilised, update_every_seconds, next_update_at, reminders, ended_at)
        VALUES ($id, $declared_at, $declared_by, $reason, $mobilised, $every, $next, $reminders, $ended_at)
        ON CONFLICT (incident_id) DO UPDATE SET mobilised = excluded.mobilised, update_every_seconds = excluded.update_every_seconds,
            next_update_at = excluded.next_update_at, reminders = excluded.reminders, ended_at = excluded.ended_at
        """;

    /// <summary>
    /// Writes a pass of incident management in one transaction: managed incidents upserted, timeline lines appended,
    /// crisis records upserted, and one outbox row per effect and target that accepts its kind (a repeated key adds none).
    /// A pass writes many rows of a few shapes, so each statement is prepared once per pass, not again for every row:
    /// the pass holds the single writer, and the correlation loop's next commit waits behind it.
    /// </summary>
    public Task CommitManagementAsync(ManagementBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteAsync("commit incident management to", async (transaction, ct) =>
        {
            using var upsertManaged = PrepareWrite(transaction, UpsertManaged);
            using var upsertRootCause = PrepareWrite(transaction, UpsertRootCause);
            foreach (var managed in batch.Incidents)
            {
                await ExecuteAsync(upsertManaged, ct, ManagedParameters(managed));
                if (managed.RootCause is { } cause)
                {
                    await ExecuteAsync(upsertRootCause, ct, ("$id", managed.IncidentId), ("$component", cause.Component),
                        ("$by", cause.ConfirmedBy), ("$at", StoredValues.Time(cause.ConfirmedAt)));
                }
            }

            using var insertEntry = PrepareWrite(transaction, "INSERT INTO incident_management_timeline (incident_id, at, kind, text) VALUES ($id, $at, $kind, $text)");
            foreach (var entry in batch.Entries)
            {
                await ExecuteAsync(insertEntry, ct, ("$id", entry.IncidentId), ("$at", StoredValues.Time(entry.At)), ("$kind", entry.Kind), ("$text", entry.Text));
            }

            using var upsertCrisis = PrepareWrite(transaction, UpsertCrisis);
            foreach (var crisis in batch.Crises)
            {
                await ExecuteAsync(upsertCrisis, ct, ("$id", crisis.IncidentId), ("$declared_at", StoredValues.Time(crisis.DeclaredAt)),
                    ("$declared_by", crisis.DeclaredBy), ("$reason", crisis.Reason), ("$mobilised", ManagementJson.Strings(crisis.Mobilised)),
                    ("$every", crisis.UpdateEvery.TotalSeconds), ("$next", StoredValues.Time(crisis.NextUpdateAt)), ("$reminders", crisis.Reminders),
                    ("$ended_at", crisis.EndedAt is { } ended ? StoredValues.Time(ended) : DBNull.Value));
            }

            using var insertOutbox = PrepareWrite(transaction, OutboxCommands.InsertSql);
            foreach (var effect in batch.Effects)
            {
                foreach (var route in _routes.Where(r => r.Accepts(effect.Kind)))
                {
                    await ExecuteAsync(insertOutbox, ct,
                        ("$target", route.Target), ("$stream", effect.Stream), ("$kind", effect.Kind), ("$key", effect.Key),
                        ("$payload", effect.Payload), ("$created_at", StoredValues.Time(batch.At)));
                }
            }

            return 0;
        }, cancellationToken);
    }

    /// <summary>Managed incidents not closed, and the crisis records not ended: what the stage needs to resume.</summary>
    public async Task<(IReadOnlyList<ManagedIncident> Open, IReadOnlyList<CrisisRecord> Crises)> LoadManagementAsync(CancellationToken cancellationToken)
    {
        var open = new List<ManagedIncident>();
        var crises = new List<CrisisRecord>();
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            await ReadAsync(connection, transaction, $"SELECT {ManagedColumns} FROM {ManagedFrom} WHERE m.closed_at IS NULL ORDER BY m.incident_id",
                row => open.Add(Managed(row)), cancellationToken);
            await ReadAsync(connection, transaction, $"SELECT {CrisisColumns} FROM incident_crisis c WHERE c.ended_at IS NULL ORDER BY c.incident_id",
                row => crises.Add(Crisis(row)), cancellationToken);
            return (open, crises);
        }
        catch (SqliteException ex)
        {
            throw Failure("load incident management from", ex);
        }
    }

    /// <summary>The management state of one incident, or null when incident management has not seen it.</summary>
    public async Task<ManagementDetail?> GetManagementAsync(long incidentId, CancellationToken cancellationToken)
    {
        ManagedIncident? managed = null;
        CrisisRecord? crisis = null;
        var entries = new List<ManagementEntry>();
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var id = new (string, object)[] { ("$id", incidentId) };
            await ReadAsync(connection, transaction, $"SELECT {ManagedColumns} FROM {ManagedFrom} WHERE m.incident_id = $id", id,
                row => managed = Managed(row), cancellationToken);
            if (managed is null)
            {
                return null;
            }

            await ReadAsync(connection, transaction, "SELECT incident_id, at, kind, text FROM incident_management_timeline WHERE incident_id = $id ORDER BY seq", id,
                row => entries.Add(new ManagementEntry(row.GetInt64(0), StoredValues.ParseTime(row.GetString(1)), row.GetString(2), row.GetString(3))), cancellationToken);
            await ReadAsync(connection, transaction, $"SELECT {CrisisColumns} FROM incident_crisis c WHERE c.incident_id = $id", id,
                row => crisis = Crisis(row), cancellationToken);
            return new ManagementDetail(managed, entries, crisis);
        }
        catch (SqliteException ex)
        {
            throw Failure("read incident management from", ex);
        }
    }

    /// <summary>Managed incidents opened in [from, to), at most <paramref name="max"/> + 1 (so a caller can tell that there are more).</summary>
    public async Task<IReadOnlyList<ManagedIncident>> ListManagedIncidentsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var list = new List<ManagedIncident>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, $"SELECT {ManagedColumns} FROM {ManagedFrom} WHERE m.opened_at >= $from AND m.opened_at < $to ORDER BY m.opened_at LIMIT $limit",
                [("$from", StoredValues.Time(from)), ("$to", StoredValues.Time(to)), ("$limit", max + 1)], row => list.Add(Managed(row)), cancellationToken);
            return list;
        }
        catch (SqliteException ex)
        {
            throw Failure("list managed incidents of", ex);
        }
    }

    /// <summary>How many managed incidents each known error is linked to, by known-error id.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountKnownErrorLinksAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT known_error, COUNT(*) FROM incident_management WHERE known_error IS NOT NULL GROUP BY known_error", [],
                row => counts[row.GetString(0)] = row.GetInt32(1), cancellationToken);
            return counts;
        }
        catch (SqliteException ex)
        {
            throw Failure("count known-error links in", ex);
        }
    }

    private static (string, object)[] ManagedParameters(ManagedIncident m)
    {
        static object Time(DateTimeOffset? value) => value is { } v ? StoredValues.Time(v) : DBNull.Value;
        var held = m.Holds.Where(h => h.To is not null).Sum(h => (h.To!.Value - h.From).TotalSeconds);
        return
        [
            ("$id", m.IncidentId), ("$service", StoredValues.Nullable(m.Service)), ("$opened_at", StoredValues.Time(m.OpenedAt)),
            ("$category", m.Category), ("$subcategory", StoredValues.Nullable(m.Subcategory)), ("$impact", StoredValues.Name(m.Impact)),
            ("$urgency", StoredValues.Name(m.Urgency)), ("$priority", StoredValues.Name(m.Priority)), ("$severity", StoredValues.Name(m.WorstSeverity)),
            ("$components", m.Components), ("$group", m.Group), ("$assignee", StoredValues.Nullable(m.Assignee)),
            ("$acknowledged_at", Time(m.AcknowledgedAt)), ("$resolved_at", Time(m.ResolvedAt)), ("$closed_at", Time(m.ClosedAt)),
            ("$on_hold_since", m.IsOnHold ? StoredValues.Time(m.Holds[^1].From) : DBNull.Value), ("$held_seconds", held),
            ("$holds", ManagementJson.Holds(m.Holds)), ("$sent", ManagementJson.Strings(m.Sent)),
            ("$escalation_level", EscalationLevelOf(m)), ("$reopens", m.Reopens), ("$major", m.Major ? 1 : 0),
            ("$known_error", StoredValues.Nullable(m.KnownError)),
        ];
    }

    /// <summary>How many hierarchical escalation steps were sent (SLA warnings, crisis notices and priority markers are not steps).</summary>
    public static int EscalationLevelOf(ManagedIncident managed)
    {
        ArgumentNullException.ThrowIfNull(managed);
        return managed.Sent.Count(k => !k.StartsWith("sla:", StringComparison.Ordinal) && !k.StartsWith("crisis:", StringComparison.Ordinal)
            && !k.StartsWith("priority:", StringComparison.Ordinal));
    }

    private static ManagedIncident Managed(SqliteDataReader r)
    {
        static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : StoredValues.ParseTime(r.GetString(i));
        return new ManagedIncident
        {
            IncidentId = r.GetInt64(0),
            Service = r.IsDBNull(1) ? null : r.GetString(1),
            OpenedAt = StoredValues.ParseTime(r.GetString(2)),
            Category = r.GetString(3),
            Subcategory = r.IsDBNull(4) ? null : r.GetString(4),
            Impact = StoredValues.ParseImpact(r.GetString(5)),
            Urgency = StoredValues.ParseUrgency(r.GetString(6)),
            Priority = StoredValues.ParsePriority(r.GetString(7)),
            WorstSeverity = StoredValues.ParseSeverity(r.GetString(8)),
            Components = r.GetInt32(9),
            Group = r.GetString(10),
            Assignee = r.IsDBNull(11) ? null : r.GetString(11),
            AcknowledgedAt = Time(r, 12),
            ResolvedAt = Time(r, 13),
            ClosedAt = Time(r, 14),
            Holds = ManagementJson.ParseHolds(r.GetString(15)),
            Sent = ManagementJson.ParseStrings(r.GetString(16)),
            Reopens = r.GetInt32(17),
            Major = r.GetInt64(18) != 0,
            KnownError = r.IsDBNull(19) ? null : r.GetString(19),
            RootCause = r.IsDBNull(20) ? null : new ConfirmedRootCause(r.GetString(20), r.GetString(21), StoredValues.ParseTime(r.GetString(22))),
        };
    }

    private static CrisisRecord Crisis(SqliteDataReader r) => new()
    {
        IncidentId = r.GetInt64(0),
        DeclaredAt = StoredValues.ParseTime(r.GetString(1)),
        DeclaredBy = r.GetString(2),
        Reason = r.GetString(3),
        Mobilised = ManagementJson.ParseStrings(r.GetString(4)),
        UpdateEvery = TimeSpan.FromSeconds(r.GetDouble(5)),
        NextUpdateAt = StoredValues.ParseTime(r.GetString(6)),
        Reminders = r.GetInt32(7),
        EndedAt = r.IsDBNull(8) ? null : StoredValues.ParseTime(r.GetString(8)),
    };
}
