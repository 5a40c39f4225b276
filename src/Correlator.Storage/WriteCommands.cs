using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>
/// The statements of a commit, created and prepared once on the write connection and re-bound per row, so a
/// batch costs one SQLite step per row and no SQL parsing.
/// </summary>
internal sealed class WriteCommands : IDisposable
{
    private readonly LabelJson _json = new();
    private readonly SqliteCommand _signal;
    private readonly SqliteCommand _incident;
    private readonly SqliteCommand _link;
    private readonly SqliteCommand _entry;
    private readonly SqliteCommand _position;
    private readonly SqliteCommand _meta;
    private bool _prepared;

    public WriteCommands(SqliteConnection connection)
    {
        _signal = Create(connection, Sql.UpsertSignal, Sql.SignalParameters);
        _incident = Create(connection, Sql.UpsertIncident, Sql.IncidentParameters);
        _link = Create(connection, Sql.InsertLink, "$incident_id", "$seq", "$fingerprint", "$attached_at", "$rule");
        _entry = Create(connection, Sql.InsertEntry, "$incident_id", "$seq", "$at", "$kind", "$text", "$fingerprint");
        _position = Create(connection, Sql.UpsertPosition, "$input", "$position");
        _meta = Create(connection, Sql.UpsertMeta, "$key", "$value");
    }

    /// <summary>Enlists every statement in the commit's transaction (and compiles them on first use).</summary>
    public void Begin(SqliteTransaction transaction)
    {
        foreach (var command in All())
        {
            command.Transaction = transaction;
            if (!_prepared)
            {
                command.Prepare();
            }
        }

        _prepared = true;
    }

    public Task WriteAsync(SignalState state, CancellationToken cancellationToken)
    {
        var signal = state.Latest;
        var p = _signal.Parameters;
        p[0].Value = signal.Fingerprint;
        p[1].Value = StoredValues.Time(state.FirstSeenAt);
        p[2].Value = signal.Source;
        p[3].Value = signal.Name;
        p[4].Value = StoredValues.Name(signal.Kind);
        p[5].Value = StoredValues.Name(signal.Status);
        p[6].Value = StoredValues.Name(signal.Severity);
        p[7].Value = StoredValues.Nullable(signal.Resource);
        p[8].Value = StoredValues.Nullable(signal.Service);
        p[9].Value = StoredValues.Time(signal.EventTime);
        p[10].Value = StoredValues.Time(signal.StartsAt);
        p[11].Value = StoredValues.Time(signal.EndsAt);
        p[12].Value = _json.Write(signal.Labels);
        p[13].Value = _json.Write(signal.Annotations);
        p[14].Value = StoredValues.Nullable(signal.Summary);
        p[15].Value = signal.Score is { } score ? score : DBNull.Value;
        p[16].Value = StoredValues.Nullable(signal.EventId);
        p[17].Value = StoredValues.Time(state.LastSeenAt);
        p[18].Value = state.Occurrences;
        p[19].Value = state.IncidentId is { } id ? id : DBNull.Value;
        return _signal.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WriteAsync(Incident incident, CancellationToken cancellationToken)
    {
        var p = _incident.Parameters;
        p[0].Value = incident.Id;
        p[1].Value = incident.GroupKey;
        p[2].Value = incident.Title;
        p[3].Value = StoredValues.Nullable(incident.Service);
        p[4].Value = StoredValues.Name(incident.State);
        p[5].Value = StoredValues.Name(incident.Impact);
        p[6].Value = StoredValues.Name(incident.Urgency);
        p[7].Value = StoredValues.Name(incident.Priority);
        p[8].Value = StoredValues.Name(incident.Severity);
        p[9].Value = StoredValues.Time(incident.OpenedAt);
        p[10].Value = StoredValues.Time(incident.UpdatedAt);
        p[11].Value = StoredValues.Time(incident.LastSignalAt);
        p[12].Value = StoredValues.Time(incident.AcknowledgedAt);
        p[13].Value = StoredValues.Time(incident.ResolvedAt);
        p[14].Value = StoredValues.Time(incident.ClosedAt);
        return _incident.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WriteAsync(long incidentId, int seq, SignalLink link, CancellationToken cancellationToken)
    {
        var p = _link.Parameters;
        p[0].Value = incidentId;
        p[1].Value = seq;
        p[2].Value = link.Fingerprint;
        p[3].Value = StoredValues.Time(link.AttachedAt);
        p[4].Value = link.Rule;
        return _link.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WriteAsync(long incidentId, int seq, TimelineEntry entry, CancellationToken cancellationToken)
    {
        var p = _entry.Parameters;
        p[0].Value = incidentId;
        p[1].Value = seq;
        p[2].Value = StoredValues.Time(entry.At);
        p[3].Value = StoredValues.Name(entry.Kind);
        p[4].Value = entry.Text;
        p[5].Value = StoredValues.Nullable(entry.Fingerprint);
        return _entry.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WritePositionAsync(string input, string position, CancellationToken cancellationToken)
    {
        _position.Parameters[0].Value = input;
        _position.Parameters[1].Value = position;
        return _position.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task WriteMetaAsync(string key, string value, CancellationToken cancellationToken)
    {
        _meta.Parameters[0].Value = key;
        _meta.Parameters[1].Value = value;
        return _meta.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        foreach (var command in All())
        {
            command.Dispose();
        }

        _json.Dispose();
    }

    private SqliteCommand[] All() => [_signal, _incident, _link, _entry, _position, _meta];

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
