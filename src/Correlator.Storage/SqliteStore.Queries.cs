using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    private const string SignalCountColumns =
        "(SELECT COUNT(*) FROM incident_links l WHERE l.incident_id = i.id), "
        + "(SELECT COUNT(*) FROM signals s WHERE s.incident_id = i.id AND s.status = 'firing')";

    /// <summary>
    /// A page of incidents matching the query, newest opened first (then highest id). Items carry the scalar
    /// fields only (empty links and timeline) with their signal counts; <see cref="GetIncidentAsync"/> has the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Limit is not 1 to <see cref="IncidentQuery.MaxLimit"/>, or Offset is negative.</exception>
    public async Task<IncidentPage> ListIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, IncidentQuery.MaxLimit, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        var (where, parameters) = IncidentFilter.Build(query);
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            int total = 0;
            await ReadAsync(connection, transaction, $"SELECT COUNT(*) FROM incidents i {where}", parameters,
                row => total = row.GetInt32(0), cancellationToken);
            var items = new List<IncidentSummary>(Math.Min(query.Limit, Math.Max(0, total - query.Offset)));
            await ReadAsync(connection, transaction, $"""
                SELECT {Sql.IncidentColumns}, {SignalCountColumns} FROM incidents i {where}
                ORDER BY i.opened_at DESC, i.id DESC LIMIT $limit OFFSET $offset
                """, [.. parameters, ("$limit", query.Limit), ("$offset", query.Offset)],
                row => items.Add(new IncidentSummary(Rows.Incident(row), row.GetInt32(15), row.GetInt32(16))), cancellationToken);
            return new IncidentPage(items, total);
        }
        catch (SqliteException ex)
        {
            throw Failure("list incidents from", ex);
        }
    }

    /// <summary>An incident with its links, timeline and linked signal states; null when no incident has that id.</summary>
    public async Task<IncidentDetail?> GetIncidentAsync(long id, CancellationToken cancellationToken)
    {
        (string, object)[] parameters = [("$id", id)];
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var incident = await ReadIncidentWithLinesAsync(connection, transaction, id, cancellationToken);
            if (incident is null)
            {
                return null;
            }

            // Per linked fingerprint: its episode in this incident, else its latest one.
            var signals = new List<SignalState>();
            await ReadAsync(connection, transaction, $"SELECT {Sql.SignalColumns} FROM {LinkedSignals} ORDER BY l.incident_id, l.seq",
                parameters, row => signals.Add(Rows.Signal(row)), cancellationToken);
            return new IncidentDetail(incident, signals);
        }
        catch (SqliteException ex)
        {
            throw Failure("read an incident from", ex);
        }
    }

    /// <summary>The last committed position of every input, by input name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var positions = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT input, position FROM positions",
                row => positions[row.GetString(0)] = row.GetString(1), cancellationToken);
            return positions;
        }
        catch (SqliteException ex)
        {
            throw Failure("read positions from", ex);
        }
    }

    /// <summary>Row counts for metrics. Counting scans the tables, so call it at scrape rate, not per request.</summary>
    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        long signals = 0, firing = 0;
        var byState = new long[Enum.GetValues<IncidentState>().Length];
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            await ReadAsync(connection, transaction, "SELECT COUNT(*), COALESCE(SUM(status = 'firing'), 0) FROM signals",
                row => (signals, firing) = (row.GetInt64(0), row.GetInt64(1)), cancellationToken);
            await ReadAsync(connection, transaction, "SELECT state, COUNT(*) FROM incidents GROUP BY state",
                row => byState[(int)StoredValues.ParseState(row.GetString(0))] = row.GetInt64(1), cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Failure("count the rows of", ex);
        }

        return new StoreCounts(signals, firing, byState[(int)IncidentState.New], byState[(int)IncidentState.InProgress],
            byState[(int)IncidentState.OnHold], byState[(int)IncidentState.Resolved], byState[(int)IncidentState.Closed], byState[(int)IncidentState.Predicted]);
    }
}
