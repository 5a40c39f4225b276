using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>What one pass of incident management changed: records to upsert, timeline lines and notices to append.</summary>
public sealed class ManagementChanges
{
    private readonly Dictionary<long, ManagedIncident> _incidents = [];
    private readonly Dictionary<long, CrisisRecord> _crises = [];

    public IEnumerable<ManagedIncident> Incidents => _incidents.Values;

    /// <summary>Crisis records opened or changed (major incidents).</summary>
    public IEnumerable<CrisisRecord> Crises => _crises.Values;

    public List<ManagementEntry> Entries { get; } = [];

    public List<EscalationNotice> Notices { get; } = [];

    public bool IsEmpty => _incidents.Count == 0 && _crises.Count == 0 && Entries.Count == 0 && Notices.Count == 0;

    public void Put(ManagedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        _incidents[incident.IncidentId] = incident;
    }

    public void Put(CrisisRecord crisis)
    {
        ArgumentNullException.ThrowIfNull(crisis);
        _crises[crisis.IncidentId] = crisis;
    }

    public void Clear()
    {
        _incidents.Clear();
        _crises.Clear();
        Entries.Clear();
        Notices.Clear();
    }
}
