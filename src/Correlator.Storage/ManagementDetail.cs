using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>The incident-management state of one incident: its managed record, its timeline (oldest first) and its crisis record, if any.</summary>
public sealed record ManagementDetail(ManagedIncident Incident, IReadOnlyList<ManagementEntry> Timeline, CrisisRecord? Crisis);
