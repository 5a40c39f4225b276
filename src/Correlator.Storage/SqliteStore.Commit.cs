using System.Globalization;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    // The (fingerprint, incident) pairs of the signal states a commit writes; kept across commits (the write lock
    // guards it) so a batch does not allocate a new set.
    private readonly HashSet<(string Fingerprint, long IncidentId)> _boundInBatch = [];

    // The merges of the fingerprint lookup's sorted runs (migration 9); the write lock guards it.
    private readonly FingerprintRuns _fingerprintRuns = new();

    /// <summary>
    /// Writes a batch's changes in one transaction: every signal state and incident row is upserted; of each
    /// incident's links and timeline only the lines past <see cref="ChangeSet.StoredCounts"/> are inserted (they
    /// are append-only, numbered by their index); then the input positions, the watermark and the last incident
    /// id. Either all of it becomes visible or, on any failure or cancellation, none of it.
    /// </summary>
    /// <exception cref="StorageException">SQLite refused the change (e.g. a constraint, a lock beyond the busy timeout).</exception>
    public Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken) => CommitAsync(changes, [], cancellationToken);

    /// <summary>
    /// Writes a batch's changes and the predictions that opened its Predicted incidents in one transaction, so a
    /// crash never leaves a Predicted incident without its prediction row (or a row without its incident).
    /// </summary>
    /// <exception cref="StorageException">SQLite refused the change (e.g. a constraint, a lock beyond the busy timeout).</exception>
    public async Task CommitAsync(ChangeSet changes, IReadOnlyList<PredictionRecord> predictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(predictions);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _write.BeginTransaction(deferred: false);
            WriteIncidents(changes, cancellationToken);
            WriteSignals(changes, cancellationToken);
            _fingerprintRuns.AfterWrite(_write, transaction, _commands);
            WriteOutbox(changes);
            WritePredictions(transaction, predictions, cancellationToken);
            foreach (var (input, position) in changes.Positions)
            {
                _commands.WritePosition(input, position);
            }

            var meta = WriteMeta(changes);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            (_storedWatermark, _storedLastIncidentId) = meta;
        }
        catch (Exception ex)
        {
            // Rolled back: what the runs' bookkeeping remembered of this commit is read again from the table.
            _fingerprintRuns.Reset();
            if (ex is SqliteException sqlite)
            {
                throw Failure("commit a change set to", sqlite);
            }

            throw;
        }
        finally
        {
            _commands.DiscardPending();
            _writeLock.Release();
        }
    }

    // Incidents first: signal states and lines reference them. An incident of which the store holds links is
    // stored (every incident opens with a link), so its row takes the narrow update; the new links and lines of
    // all incidents are then written several rows per statement. A new link whose signal this batch does not
    // store bound to the incident (it was bound elsewhere within the batch) is also written as a relink, so the
    // fingerprint filter, which reads signal rows instead of a fingerprint index on the links, still finds it.
    private void WriteIncidents(ChangeSet changes, CancellationToken cancellationToken)
    {
        NoteBoundSignals(changes);
        foreach (var incident in changes.Incidents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (links, entries) = changes.StoredCounts(incident.Id);
            _commands.Write(incident, stored: links > 0);
            for (int seq = links; seq < incident.Links.Count; seq++)
            {
                var link = incident.Links[seq];
                _commands.Queue(incident.Id, seq, link);
                if (!_boundInBatch.Contains((link.Fingerprint, incident.Id)))
                {
                    _commands.WriteRelink(link.Fingerprint, incident.Id);
                }
            }

            for (int seq = entries; seq < incident.Timeline.Count; seq++)
            {
                _commands.Queue(incident.Id, seq, incident.Timeline[seq]);
            }
        }

        _commands.FlushLines();
    }

    private void NoteBoundSignals(ChangeSet changes)
    {
        _boundInBatch.Clear();
        foreach (var state in changes.Signals)
        {
            if (state.IncidentId is { } incidentId)
            {
                _boundInBatch.Add((state.Fingerprint, incidentId));
            }
        }
    }

    private void WriteSignals(ChangeSet changes, CancellationToken cancellationToken)
    {
        int written = 0;
        foreach (var state in changes.Signals)
        {
            // Checking the token costs little, but not nothing: every 256 rows is often enough.
            if ((++written & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            _commands.Queue(state, changes.StoredVersion(state));
        }

        _commands.FlushSignals();
    }

    /// <summary>
    /// Writes the watermark and last incident id when they differ from what is stored: most batches of
    /// repeats change neither, and an unchanged row still costs a page in the log.
    /// </summary>
    private (DateTimeOffset? Watermark, long LastIncidentId) WriteMeta(ChangeSet changes)
    {
        var watermark = _storedWatermark;
        if (changes.Watermark is { } next && next != watermark)
        {
            _commands.WriteMeta(Sql.WatermarkKey, StoredValues.Time(next));
            watermark = next;
        }

        var lastIncidentId = _storedLastIncidentId;
        if (changes.LastIncidentId > 0 && changes.LastIncidentId != lastIncidentId)
        {
            _commands.WriteMeta(Sql.LastIncidentIdKey, changes.LastIncidentId.ToString(CultureInfo.InvariantCulture));
            lastIncidentId = changes.LastIncidentId;
        }

        return (watermark, lastIncidentId);
    }
}
