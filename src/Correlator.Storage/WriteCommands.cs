using Correlator.Domain;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Correlator.Storage;

/// <summary>
/// The statements of a commit, prepared once on the write connection and re-bound per row by position, so a
/// batch costs one SQLite step per row, no SQL parsing and no name lookups. Parameters are numbered in the
/// order they appear in the SQL (<see cref="Sql"/>), which is the order bound here.
/// </summary>
internal sealed class WriteCommands : IDisposable
{
    private readonly LabelJson _json = new();
    private readonly RawStatement _signal;
    private readonly RawStatement _repeat;
    private readonly RawStatement _incident;
    private readonly RawStatement _link;
    private readonly RawStatement _entry;
    private readonly RawStatement _position;
    private readonly RawStatement _meta;

    public WriteCommands(SqliteConnection connection)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        _signal = new RawStatement(db, Sql.UpsertSignal);
        _repeat = new RawStatement(db, Sql.UpdateRepeatSignal);
        _incident = new RawStatement(db, Sql.UpsertIncident);
        _link = new RawStatement(db, Sql.InsertLink);
        _entry = new RawStatement(db, Sql.InsertEntry);
        _position = new RawStatement(db, Sql.UpsertPosition);
        _meta = new RawStatement(db, Sql.UpsertMeta);
    }

    public void Write(SignalState state)
    {
        var signal = state.Latest;
        var s = _signal;
        s.Text(1, signal.Fingerprint);
        s.Time(2, state.FirstSeenAt);
        s.Text(3, signal.Source);
        s.Text(4, signal.Name);
        s.Text(5, StoredValues.Name(signal.Kind));
        s.Text(6, StoredValues.Name(signal.Status));
        s.Text(7, StoredValues.Name(signal.Severity));
        s.Text(8, signal.Resource);
        s.Text(9, signal.Service);
        s.Time(10, signal.EventTime);
        s.Time(11, signal.StartsAt);
        s.Time(12, signal.EndsAt);
        s.Utf8(13, _json.WriteUtf8(signal.Labels));
        s.Utf8(14, _json.WriteUtf8(signal.Annotations));
        s.Text(15, signal.Summary);
        s.Real(16, signal.Score);
        s.Text(17, signal.EventId);
        s.Time(18, state.LastSeenAt);
        s.Integer(19, state.Occurrences);
        s.Integer(20, state.IncidentId);
        s.Execute();
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

    public void Write(Incident incident)
    {
        var s = _incident;
        s.Integer(1, incident.Id);
        s.Text(2, incident.GroupKey);
        s.Text(3, incident.Title);
        s.Text(4, incident.Service);
        s.Text(5, StoredValues.Name(incident.State));
        s.Text(6, StoredValues.Name(incident.Impact));
        s.Text(7, StoredValues.Name(incident.Urgency));
        s.Text(8, StoredValues.Name(incident.Priority));
        s.Text(9, StoredValues.Name(incident.Severity));
        s.Time(10, incident.OpenedAt);
        s.Time(11, incident.UpdatedAt);
        s.Time(12, incident.LastSignalAt);
        s.Time(13, incident.AcknowledgedAt);
        s.Time(14, incident.ResolvedAt);
        s.Time(15, incident.ClosedAt);
        s.Execute();
    }

    public void Write(long incidentId, int seq, SignalLink link)
    {
        var s = _link;
        s.Integer(1, incidentId);
        s.Integer(2, seq);
        s.Text(3, link.Fingerprint);
        s.Time(4, link.AttachedAt);
        s.Text(5, link.Rule);
        s.Execute();
    }

    public void Write(long incidentId, int seq, TimelineEntry entry)
    {
        var s = _entry;
        s.Integer(1, incidentId);
        s.Integer(2, seq);
        s.Time(3, entry.At);
        s.Text(4, StoredValues.Name(entry.Kind));
        s.Text(5, entry.Text);
        s.Text(6, entry.Fingerprint);
        s.Execute();
    }

    public void WritePosition(string input, string position)
    {
        _position.Text(1, input);
        _position.Text(2, position);
        _position.Execute();
    }

    public void WriteMeta(string key, string value)
    {
        _meta.Text(1, key);
        _meta.Text(2, value);
        _meta.Execute();
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _signal, _repeat, _incident, _link, _entry, _position, _meta })
        {
            statement.Dispose();
        }

        _json.Dispose();
    }
}
