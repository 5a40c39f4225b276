using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Copies committed pages from the write-ahead log into the database file, on a connection of its own.
    /// Commits go on meanwhile (a passive checkpoint never blocks the writer), so the fsync a checkpoint needs
    /// costs the pipeline nothing; the log restarts from its beginning once everything in it is copied.
    /// </summary>
    /// <returns>The pages in the log and how many of them are now in the database file.</returns>
    public async Task<(int LogPages, int CheckpointedPages)> CheckpointAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_checkpointConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return (reader.GetInt32(1), reader.GetInt32(2));
            }
            catch (SqliteException ex)
            {
                throw Failure("checkpoint", ex);
            }
        }
    }
}
