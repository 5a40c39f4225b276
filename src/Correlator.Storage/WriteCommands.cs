using Correlator.Domain;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Correlator.Storage;

/// <summary>
/// The statements of a commit, prepared once on the write connection and re-bound per row by position, so a
/// batch costs one SQLite step per row, no SQL parsing and no name lookups. Parameters are numbered in the
/// order they appear in the SQL (<see cref="Sql"/>), which is the order bound here.
/// </summary>
internal sealed partial class WriteCommands : IDisposable
{
    private readonly LabelJson _json = new();
    private readonly RawStatement _signal;
    private readonly RawStatement _repeat;
    private readonly RawStatement _incident;
    private readonly RawStatement _link;
    private readonly RawStatement _entry;
    private readonly RawStatement _incidentUpdate;
    private readonly RawStatement _position;
    private readonly RawStatement _meta;
    private readonly RawStatement _relink;
    private readonly MultiRowInsert _signals;
    private readonly MultiRowInsert _links;
    private readonly MultiRowInsert _entries;
    private readonly MultiRowInsert _fingerprints;

    // Rows gathered during a commit and written by the multi-row statements; cleared by each flush.
    private readonly List<SignalState> _pendingSignals = [];
    private readonly List<(long IncidentId, int Seq, SignalLink Link)> _pendingLinks = [];
    private readonly List<(long IncidentId, int Seq, TimelineEntry Entry)> _pendingEntries = [];

    // The keys of the rows a commit's full upserts wrote, any of which may be an insert, filed in the fingerprint
    // runs by FlushFingerprints once the commit's rowids are known. A repeat's narrow update never inserts. A row
    // that was there already is filed again: a second entry of a key is harmless to a lookup (a set of keys), a
    // second filing in the same run is ignored, and a merge keeps one entry of a key.
    private readonly List<SignalState> _newEpisodes = [];

    private readonly bool _batched;

    /// <param name="batched">false: <see cref="Queue(SignalState, SignalState?)"/> and the other Queue methods write at once, one row per statement (see <see cref="StorageOptions.MultiRowInserts"/>).</param>
    public WriteCommands(SqliteConnection connection, bool batched)
    {
        _batched = batched;
        var db = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        _signal = new RawStatement(db, Sql.UpsertSignal);
        _repeat = new RawStatement(db, Sql.UpdateRepeatSignal);
        _incident = new RawStatement(db, Sql.UpsertIncident);
        _link = new RawStatement(db, Sql.InsertLink);
        _entry = new RawStatement(db, Sql.InsertEntry);
        _incidentUpdate = new RawStatement(db, Sql.UpdateIncident);
        _position = new RawStatement(db, Sql.UpsertPosition);
        _meta = new RawStatement(db, Sql.UpsertMeta);
        _relink = new RawStatement(db, Sql.InsertRelink);
        _signals = new MultiRowInsert(db, Sql.UpsertSignalHead, Sql.SignalParameters.Length, Sql.UpsertSignalTail, SignalRowsPerStatement);
        _links = new MultiRowInsert(db, Sql.InsertLinkHead, 5, string.Empty, LineRowsPerStatement);
        _entries = new MultiRowInsert(db, Sql.InsertEntryHead, 6, string.Empty, LineRowsPerStatement);
        _fingerprints = new MultiRowInsert(db, Sql.InsertFingerprintHead, 3, string.Empty, LineRowsPerStatement);
    }

    /// <summary>Rows per multi-row signal upsert (20 parameters a row).</summary>
    public const int SignalRowsPerStatement = 32;

    /// <summary>Rows per multi-row link or timeline insert (5 and 6 parameters a row).</summary>
    public const int LineRowsPerStatement = 64;

    public void Write(SignalState state)
    {
        _newEpisodes.Add(state);
        BindSignal(_signal, 0, state);
        _signal.Execute();
    }

    private void BindSignal(RawStatement s, int o, SignalState state)
    {
        var signal = state.Latest;
        s.Text(o + 1, signal.Fingerprint);
        s.Time(o + 2, state.FirstSeenAt);
        s.Text(o + 3, signal.Source);
        s.Text(o + 4, signal.Name);
        s.Text(o + 5, StoredValues.Name(signal.Kind));
        s.Text(o + 6, StoredValues.Name(signal.Status));
        s.Text(o + 7, StoredValues.Name(signal.Severity));
        s.Text(o + 8, signal.Resource);
        s.Text(o + 9, signal.Service);
        s.Time(o + 10, signal.EventTime);
        s.Time(o + 11, signal.StartsAt);
        s.Time(o + 12, signal.EndsAt);
        s.Utf8(o + 13, _json.WriteUtf8(signal.Labels));
        s.Utf8(o + 14, _json.WriteUtf8(signal.Annotations));
        s.Text(o + 15, signal.Summary);
        s.Real(o + 16, signal.Score);
        s.Text(o + 17, signal.EventId);
        s.Time(o + 18, state.LastSeenAt);
        s.Integer(o + 19, state.Occurrences);
        s.Integer(o + 20, state.IncidentId);
    }

    /// <summary>
    /// Writes a signal state of which <paramref name="stored"/> is the version the store holds (null: unknown).
    /// A repeat that changes none of the columns the narrow update leaves alone is written by that update;
    /// anything else, or a row that turns out not to be there, by the full upsert.
    /// </summary>
    public void Write(SignalState state, SignalState? stored)
    {
        if (stored is null || !IsRepeatOf(state, stored) || !TryWriteRepeat(state, stored))
        {
            Write(state);
        }
    }

    /// <summary>
    /// As <see cref="Write(SignalState, SignalState?)"/>, but a state that needs the full upsert is gathered and
    /// written by <see cref="FlushSignals"/>, several rows per statement. The change set holds each key once, so
    /// the order of the rows among themselves does not matter.
    /// </summary>
    public void Queue(SignalState state, SignalState? stored)
    {
        if (!_batched)
        {
            Write(state, stored);
        }
        else if (stored is null || !IsRepeatOf(state, stored) || !TryWriteRepeat(state, stored))
        {
            _pendingSignals.Add(state);
            _newEpisodes.Add(state);
        }
    }

    /// <summary>Files the gathered new episodes in the fingerprint run <paramref name="run"/>; returns how many.</summary>
    public int FlushFingerprints(long run)
    {
        try
        {
            _fingerprints.WriteAll(_newEpisodes, run, static (s, o, runId, state) =>
            {
                s.Integer(o + 1, runId);
                s.Text(o + 2, state.Latest.Fingerprint);
                s.Time(o + 3, state.FirstSeenAt);
            });
            return _newEpisodes.Count;
        }
        finally
        {
            _newEpisodes.Clear();
        }
    }

    /// <summary>Writes the gathered full signal upserts, up to <see cref="SignalRowsPerStatement"/> rows per statement.</summary>
    public void FlushSignals()
    {
        try
        {
            _signals.WriteAll(_pendingSignals, this, static (s, o, commands, state) => commands.BindSignal(s, o, state));
        }
        finally
        {
            _pendingSignals.Clear();
        }
    }

    /// <summary>Forgets rows gathered and not flushed (a commit that failed half-way).</summary>
    public void DiscardPending()
    {
        _pendingSignals.Clear();
        _pendingLinks.Clear();
        _pendingEntries.Clear();
        _newEpisodes.Clear();
    }

    private static bool IsRepeatOf(SignalState state, SignalState stored)
    {
        var now = state.Latest;
        var before = stored.Latest;
        return state.IncidentId == stored.IncidentId
            && state.FirstSeenAt == stored.FirstSeenAt
            && now.Status == before.Status
            && now.Kind == before.Kind
            && string.Equals(now.Fingerprint, before.Fingerprint, StringComparison.Ordinal)
            && string.Equals(now.Source, before.Source, StringComparison.Ordinal)
            && string.Equals(now.Name, before.Name, StringComparison.Ordinal)
            && string.Equals(now.Resource, before.Resource, StringComparison.Ordinal)
            && string.Equals(now.Service, before.Service, StringComparison.Ordinal);
    }

    private bool TryWriteRepeat(SignalState state, SignalState stored)
    {
        var signal = state.Latest;
        var s = _repeat;
        s.Text(1, StoredValues.Name(signal.Severity));
        s.Time(2, signal.EventTime);
        s.Time(3, signal.StartsAt);
        s.Time(4, signal.EndsAt);
        if (signal.Labels.Equals(stored.Latest.Labels))
        {
            s.Null(5);
        }
        else
        {
            s.Utf8(5, _json.WriteUtf8(signal.Labels));
        }

        if (signal.Annotations.Equals(stored.Latest.Annotations))
        {
            s.Null(6);
        }
        else
        {
            s.Utf8(6, _json.WriteUtf8(signal.Annotations));
        }

        s.Text(7, signal.Summary);
        s.Real(8, signal.Score);
        s.Text(9, signal.EventId);
        s.Time(10, state.LastSeenAt);
        s.Integer(11, state.Occurrences);
        s.Text(12, signal.Fingerprint);
        s.Time(13, state.FirstSeenAt);
        return s.Execute() == 1;
    }

    /// <summary>The prepared statements, for the per-statement execution counts.</summary>
    public IEnumerable<RawStatement> Statements =>
        new[] { _signal, _repeat, _incident, _incidentUpdate, _link, _entry, _position, _meta, _relink }
            .Concat(_signals.Prepared).Concat(_links.Prepared).Concat(_entries.Prepared).Concat(_fingerprints.Prepared);

    public void Dispose()
    {
        foreach (var statement in new[] { _signal, _repeat, _incident, _incidentUpdate, _link, _entry, _position, _meta, _relink })
        {
            statement.Dispose();
        }

        _signals.Dispose();
        _links.Dispose();
        _entries.Dispose();
        _fingerprints.Dispose();

        _json.Dispose();
    }
}
