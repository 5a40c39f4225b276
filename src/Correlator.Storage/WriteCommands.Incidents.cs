using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>The incident side of a commit: incident rows, their links and timeline lines, relinks, positions and meta.</summary>
internal sealed partial class WriteCommands
{
    /// <summary>Gathers an incident's new link, written by <see cref="FlushLines"/>.</summary>
    public void Queue(long incidentId, int seq, SignalLink link)
    {
        if (_batched)
        {
            _pendingLinks.Add((incidentId, seq, link));
        }
        else
        {
            Write(incidentId, seq, link);
        }
    }

    /// <summary>Gathers an incident's new timeline line, written by <see cref="FlushLines"/>.</summary>
    public void Queue(long incidentId, int seq, TimelineEntry entry)
    {
        if (_batched)
        {
            _pendingEntries.Add((incidentId, seq, entry));
        }
        else
        {
            Write(incidentId, seq, entry);
        }
    }

    /// <summary>
    /// Writes the gathered links and timeline lines, up to <see cref="LineRowsPerStatement"/> rows per statement;
    /// their incidents must be written first (foreign keys).
    /// </summary>
    public void FlushLines()
    {
        try
        {
            _links.WriteAll(_pendingLinks, 0, static (s, o, _, row) => BindLink(s, o, row.IncidentId, row.Seq, row.Link));
            _entries.WriteAll(_pendingEntries, 0, static (s, o, _, row) => BindEntry(s, o, row.IncidentId, row.Seq, row.Entry));
        }
        finally
        {
            _pendingLinks.Clear();
            _pendingEntries.Clear();
        }
    }

    /// <summary>
    /// Writes an incident; <paramref name="stored"/> says the store holds it already, so the narrow update of the
    /// columns that change is enough (falling back to the upsert when no row was there).
    /// </summary>
    public void Write(Incident incident, bool stored)
    {
        if (!stored || !TryUpdate(incident))
        {
            Write(incident);
        }
    }

    private bool TryUpdate(Incident incident)
    {
        var s = _incidentUpdate;
        s.Text(1, StoredValues.Name(incident.State));
        s.Text(2, StoredValues.Name(incident.Impact));
        s.Text(3, StoredValues.Name(incident.Urgency));
        s.Text(4, StoredValues.Name(incident.Priority));
        s.Text(5, StoredValues.Name(incident.Severity));
        s.Time(6, incident.UpdatedAt);
        s.Time(7, incident.LastSignalAt);
        s.Time(8, incident.AcknowledgedAt);
        s.Time(9, incident.ResolvedAt);
        s.Time(10, incident.ClosedAt);
        s.Integer(11, incident.Id);
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
        BindLink(_link, 0, incidentId, seq, link);
        _link.Execute();
    }

    public void Write(long incidentId, int seq, TimelineEntry entry)
    {
        BindEntry(_entry, 0, incidentId, seq, entry);
        _entry.Execute();
    }

    private static void BindLink(RawStatement s, int o, long incidentId, int seq, SignalLink link)
    {
        s.Integer(o + 1, incidentId);
        s.Integer(o + 2, seq);
        s.Text(o + 3, link.Fingerprint);
        s.Time(o + 4, link.AttachedAt);
        s.Text(o + 5, link.Rule);
    }

    private static void BindEntry(RawStatement s, int o, long incidentId, int seq, TimelineEntry entry)
    {
        s.Integer(o + 1, incidentId);
        s.Integer(o + 2, seq);
        s.Time(o + 3, entry.At);
        s.Text(o + 4, StoredValues.Name(entry.Kind));
        s.Text(o + 5, entry.Text);
        s.Text(o + 6, entry.Fingerprint);
    }

    /// <summary>Records that the incident holds a link to the fingerprint that no signal row will name (see <see cref="Sql.InsertRelink"/>).</summary>
    public void WriteRelink(string fingerprint, long incidentId)
    {
        _relink.Text(1, fingerprint);
        _relink.Integer(2, incidentId);
        _relink.Execute();
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
}
