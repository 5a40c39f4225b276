using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// What one pass of incident management changed: records to upsert, timeline lines and notices to append, and
/// (when <see cref="DeferCounts"/> is on) records whose only change is a count that nothing else depends on: those
/// are <see cref="Deferred"/>, not part of <see cref="IsEmpty"/>, so a pass made only of them need not write.
/// </summary>
public sealed class ManagementChanges
{
    private readonly Dictionary<long, ManagedIncident> _incidents = [];
    private readonly Dictionary<long, CrisisRecord> _crises = [];
    private readonly HashSet<long> _deferred = [];

    /// <summary>Whether count-only changes may be deferred (off: every change is put, as before issue #2's deferral).</summary>
    public bool DeferCounts { get; init; }

    /// <summary>Crisis records put so far (a counter, so the manager can tell whether an observation touched one).</summary>
    public int CrisisPuts { get; private set; }

    /// <summary>Incidents whose record changed by a count only in this pass and was not put (the manager holds the value).</summary>
    public IReadOnlyCollection<long> Deferred => _deferred;

    public IEnumerable<ManagedIncident> Incidents => _incidents.Values;

    /// <summary>Crisis records opened or changed (major incidents).</summary>
    public IEnumerable<CrisisRecord> Crises => _crises.Values;

    public List<ManagementEntry> Entries { get; } = [];

    public List<EscalationNotice> Notices { get; } = [];

    public bool IsEmpty => _incidents.Count == 0 && _crises.Count == 0 && Entries.Count == 0 && Notices.Count == 0;

    /// <summary>Whether the incident's record is put in this pass.</summary>
    public bool Holds(long incidentId) => _incidents.ContainsKey(incidentId);

    public void Put(ManagedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        _incidents[incident.IncidentId] = incident;
        _deferred.Remove(incident.IncidentId);
    }

    /// <summary>
    /// A record whose only change is a count (the manager checked that): deferred when <see cref="DeferCounts"/> is on
    /// and the record is not put in this pass already, otherwise put.
    /// </summary>
    public void PutCountOnly(ManagedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (DeferCounts && !_incidents.ContainsKey(incident.IncidentId))
        {
            _deferred.Add(incident.IncidentId);
        }
        else
        {
            Put(incident);
        }
    }

    public void Put(CrisisRecord crisis)
    {
        ArgumentNullException.ThrowIfNull(crisis);
        _crises[crisis.IncidentId] = crisis;
        CrisisPuts++;
    }

    public void Clear()
    {
        _incidents.Clear();
        _crises.Clear();
        Entries.Clear();
        Notices.Clear();
        _deferred.Clear();
    }
}
