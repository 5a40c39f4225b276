using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// What one pass of incident management writes in one transaction: the managed incidents to upsert, timeline lines
/// and crisis records, and the outward effects (ticket notes, notices) for every outbox target that accepts their kind.
/// </summary>
public sealed record ManagementBatch(
    IReadOnlyCollection<ManagedIncident> Incidents,
    IReadOnlyList<ManagementEntry> Entries,
    IReadOnlyCollection<CrisisRecord> Crises,
    IReadOnlyList<OutboxEffect> Effects,
    DateTimeOffset At)
{
    public bool IsEmpty => Incidents.Count == 0 && Entries.Count == 0 && Crises.Count == 0 && Effects.Count == 0;
}
