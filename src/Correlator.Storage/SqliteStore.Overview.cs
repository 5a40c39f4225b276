using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>How many incidents are active (not resolved or closed) per priority name (P1..P4) — incident management's priority once it manages the incident, else the engine's; absent priorities count 0.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountActiveByPriorityAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            await ReadAsync(connection, null,
                "SELECT COALESCE((SELECT m.priority FROM incident_management m WHERE m.incident_id = i.id), i.priority) AS p, COUNT(*) "
                + "FROM incidents i WHERE i.state NOT IN ('resolved', 'closed') GROUP BY p", [],
                row => counts[row.GetString(0)] = row.GetInt32(1), cancellationToken);
            return counts;
        }
        catch (SqliteException ex)
        {
            throw Failure("count the active incidents of", ex);
        }
    }
}
