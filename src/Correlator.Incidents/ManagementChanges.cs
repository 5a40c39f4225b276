using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>What one pass of incident management changed: records to upsert, timeline lines and notices to append.</summary>
public sealed class ManagementChanges
{
    private readonly Dictionary<long, ManagedIncident> _incidents = [];

    public IEnumerable<ManagedIncident> Incidents => _incidents.Values;

    public List<ManagementEntry> Entries { get; } = [];

    public List<EscalationNotice> Notices { get; } = [];

    public bool IsEmpty => _incidents.Count == 0 && Entries.Count == 0 && Notices.Count == 0;

    public void Put(ManagedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        _incidents[incident.IncidentId] = incident;
    }

    public void Clear()
    {
        _incidents.Clear();
        Entries.Clear();
        Notices.Clear();
    }
}
