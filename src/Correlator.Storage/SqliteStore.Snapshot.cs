using System.Collections.Immutable;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    private const string NotClosed = "i.state <> 'closed'";

    /// <summary>
    /// What the pipeline needs to resume after a restart, read in one consistent snapshot: every incident not
    /// closed with its links and timeline (ordered by id), the signal states of those incidents plus the firing
    /// states not in any incident (oldest episode first, so a later episode of a fingerprint follows an earlier
    /// one), the watermark, and the last incident id handed out (never below the highest stored id).
    /// </summary>
    public async Task<PipelineSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var incidents = await LoadOpenIncidentsAsync(connection, transaction, cancellationToken);
            var signals = new List<SignalState>();
            await ReadAsync(connection, transaction, $"""
                SELECT {Sql.SignalColumns} FROM incidents i JOIN signals s ON s.incident_id = i.id WHERE {NotClosed}
                UNION ALL
                SELECT {Sql.SignalColumns} FROM signals s WHERE s.incident_id IS NULL AND s.status = 'firing'
                ORDER BY 2, 1
                """, row => signals.Add(Rows.Signal(row)), cancellationToken);
            string? watermark = null;
            long lastId = 0;
            await ReadAsync(connection, transaction, $"""
                SELECT (SELECT value FROM meta WHERE key = '{Sql.WatermarkKey}'),
                       MAX(COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{Sql.LastIncidentIdKey}'), 0),
                           COALESCE((SELECT MAX(id) FROM incidents), 0))
                """, row =>
                {
                    watermark = row.IsDBNull(0) ? null : row.GetString(0);
                    lastId = row.GetInt64(1);
                }, cancellationToken);
            return new PipelineSnapshot(incidents, signals, watermark is null ? null : StoredValues.ParseTime(watermark), lastId);
        }
        catch (SqliteException ex)
        {
            throw Failure("load the snapshot from", ex);
        }
    }

    private static async Task<List<Incident>> LoadOpenIncidentsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var scalars = new List<Incident>();
        await ReadAsync(connection, transaction, $"SELECT {Sql.IncidentColumns} FROM incidents i WHERE {NotClosed} ORDER BY i.id",
            row => scalars.Add(Rows.Incident(row)), cancellationToken);
        var links = new Dictionary<long, ImmutableList<SignalLink>.Builder>();
        await ReadAsync(connection, transaction,
            $"SELECT {Sql.LinkColumns} FROM incidents i JOIN incident_links l ON l.incident_id = i.id WHERE {NotClosed} ORDER BY l.incident_id, l.seq",
            row => Add(links, Rows.Link(row)), cancellationToken);
        var entries = new Dictionary<long, ImmutableList<TimelineEntry>.Builder>();
        await ReadAsync(connection, transaction,
            $"SELECT {Sql.EntryColumns} FROM incidents i JOIN incident_timeline t ON t.incident_id = i.id WHERE {NotClosed} ORDER BY t.incident_id, t.seq",
            row => Add(entries, Rows.Entry(row)), cancellationToken);
        return scalars.ConvertAll(i => WithLines(i, links, entries));
    }

    private static Incident WithLines(
        Incident incident,
        Dictionary<long, ImmutableList<SignalLink>.Builder> links,
        Dictionary<long, ImmutableList<TimelineEntry>.Builder> entries) => incident with
        {
            Links = links.TryGetValue(incident.Id, out var l) ? l.ToImmutable() : [],
            Timeline = entries.TryGetValue(incident.Id, out var t) ? t.ToImmutable() : [],
        };

    private static void Add<T>(Dictionary<long, ImmutableList<T>.Builder> lines, (long IncidentId, T Line) row)
    {
        if (!lines.TryGetValue(row.IncidentId, out var builder))
        {
            builder = ImmutableList.CreateBuilder<T>();
            lines.Add(row.IncidentId, builder);
        }

        builder.Add(row.Line);
    }

    private static Task ReadAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        Action<SqliteDataReader> read,
        CancellationToken cancellationToken) =>
        ReadAsync(connection, transaction, sql, [], read, cancellationToken);

    private static async Task ReadAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        IReadOnlyList<(string Name, object Value)> parameters,
        Action<SqliteDataReader> read,
        CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }
}
