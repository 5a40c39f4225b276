using System.Globalization;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Writes a batch's changes in one transaction: every signal state and incident row is upserted; of each
    /// incident's links and timeline only the lines past <see cref="ChangeSet.StoredCounts"/> are inserted (they
    /// are append-only, numbered by their index); then the input positions, the watermark and the last incident
    /// id. Either all of it becomes visible or, on any failure or cancellation, none of it.
    /// </summary>
    /// <exception cref="StorageException">SQLite refused the change (e.g. a constraint, a lock beyond the busy timeout).</exception>
    public async Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _write.BeginTransaction(deferred: false);
            _commands.Begin(transaction);
            await WriteIncidentsAsync(changes, cancellationToken);
            await WriteSignalsAsync(changes, cancellationToken);
            foreach (var (input, position) in changes.Positions)
            {
                await _commands.WritePositionAsync(input, position, cancellationToken);
            }

            await WriteMetaAsync(changes, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Failure("commit a change set to", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Incidents first: signal states and lines reference them.
    private async Task WriteIncidentsAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        foreach (var incident in changes.Incidents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _commands.WriteAsync(incident, cancellationToken);
            var (links, entries) = changes.StoredCounts(incident.Id);
            for (int seq = links; seq < incident.Links.Count; seq++)
            {
                await _commands.WriteAsync(incident.Id, seq, incident.Links[seq], cancellationToken);
            }

            for (int seq = entries; seq < incident.Timeline.Count; seq++)
            {
                await _commands.WriteAsync(incident.Id, seq, incident.Timeline[seq], cancellationToken);
            }
        }
    }

    private async Task WriteSignalsAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        foreach (var state in changes.Signals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _commands.WriteAsync(state, cancellationToken);
        }
    }

    private async Task WriteMetaAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        if (changes.Watermark is { } watermark)
        {
            await _commands.WriteMetaAsync(Sql.WatermarkKey, StoredValues.Time(watermark), cancellationToken);
        }

        if (changes.LastIncidentId > 0)
        {
            await _commands.WriteMetaAsync(Sql.LastIncidentIdKey, changes.LastIncidentId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
    }
}
