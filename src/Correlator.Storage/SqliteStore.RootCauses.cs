using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>The root causes people confirmed, read back for the root-cause ranking's history.</summary>
public sealed partial class SqliteStore
{
    private const string ConfirmedSince = """
        SELECT rc.incident_id, rc.component, rc.confirmed_by, m.resolved_at FROM incident_root_causes rc
        JOIN incident_management m ON m.incident_id = rc.incident_id
        WHERE m.resolved_at IS NOT NULL AND m.resolved_at >= $since
        ORDER BY m.resolved_at DESC, rc.incident_id DESC LIMIT $max
        """;

    /// <summary>
    /// Incidents resolved at or after <paramref name="since"/> whose root cause a person confirmed, newest first (at
    /// most <paramref name="max"/>), each with the distinct resource / service pairs of its signals. Reads only the
    /// confirmed incidents (a small table) and their signals through the signals' incident index.
    /// </summary>
    public async Task<IReadOnlyList<ConfirmedRootCauseRow>> ListConfirmedRootCausesAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        (string, object)[] parameters = [("$since", StoredValues.Time(since)), ("$max", max)];
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var rows = new List<(long Id, string Component, string By, DateTimeOffset Resolved)>();
            await ReadAsync(connection, transaction, ConfirmedSince, parameters,
                row => rows.Add((row.GetInt64(0), row.GetString(1), row.GetString(2), StoredValues.ParseTime(row.GetString(3)))), cancellationToken);
            var places = new Dictionary<long, List<SignalPlace>>();
            if (rows.Count > 0)
            {
                await ReadAsync(connection, transaction, $"""
                    WITH confirmed AS ({ConfirmedSince})
                    SELECT DISTINCT s.incident_id, s.resource, s.service FROM confirmed c JOIN signals s ON s.incident_id = c.incident_id
                    """, parameters, row =>
                    {
                        var id = row.GetInt64(0);
                        if (!places.TryGetValue(id, out var list))
                        {
                            list = [];
                            places[id] = list;
                        }

                        list.Add(new SignalPlace(row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2)));
                    }, cancellationToken);
            }

            return [.. rows.Select(r => new ConfirmedRootCauseRow(r.Id, r.Component, r.By, r.Resolved, places.TryGetValue(r.Id, out var p) ? p : []))];
        }
        catch (SqliteException ex)
        {
            throw Failure("read the confirmed root causes of", ex);
        }
    }
}
