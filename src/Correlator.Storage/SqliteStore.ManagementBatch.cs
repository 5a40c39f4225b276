using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>Batched reads of incident management for list pages: one query per page instead of one per row.</summary>
public sealed partial class SqliteStore
{
    /// <summary>Most incident ids one batched read accepts (SQLite's bound-parameter limit is far above).</summary>
    public const int MaxManagementBatch = IncidentQuery.MaxLimit;

    /// <summary>
    /// The management state of each of the given incidents that incident management has seen, by incident id: the
    /// managed incident and its crisis record, without the management timeline (empty), in one read transaction.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="MaxManagementBatch"/> ids.</exception>
    public async Task<IReadOnlyDictionary<long, ManagementDetail>> GetManagementBatchAsync(IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(incidentIds.Count, MaxManagementBatch, nameof(incidentIds));
        var result = new Dictionary<long, ManagementDetail>();
        if (incidentIds.Count == 0)
        {
            return result;
        }

        var ids = incidentIds.Distinct().ToList();
        var names = string.Join(", ", ids.Select((_, i) => "$id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var parameters = ids.Select((id, i) => ("$id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object)id)).ToList();
        var managed = new List<Correlator.Domain.ManagedIncident>();
        var crises = new Dictionary<long, Correlator.Domain.CrisisRecord>();
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            await ReadAsync(connection, transaction, $"SELECT {ManagedColumns} FROM {ManagedFrom} WHERE m.incident_id IN ({names})", parameters,
                row => managed.Add(Managed(row)), cancellationToken);
            await ReadAsync(connection, transaction, $"SELECT {CrisisColumns} FROM incident_crisis c WHERE c.incident_id IN ({names})", parameters,
                row => { var crisis = Crisis(row); crises[crisis.IncidentId] = crisis; }, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Failure("read incident management (batch) from", ex);
        }

        foreach (var m in managed)
        {
            result[m.IncidentId] = new ManagementDetail(m, [], crises.GetValueOrDefault(m.IncidentId));
        }

        return result;
    }

    /// <summary>The resolver groups incidents were assigned to, in name order (for the list's group filter).</summary>
    public async Task<IReadOnlyList<string>> ListResolverGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = new List<string>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT DISTINCT assigned_group FROM incident_management ORDER BY assigned_group", [],
                row => groups.Add(row.GetString(0)), cancellationToken);
            return groups;
        }
        catch (SqliteException ex)
        {
            throw Failure("list resolver groups of", ex);
        }
    }
}
