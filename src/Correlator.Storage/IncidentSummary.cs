using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// One row of the incident list: the incident's scalar fields (its <c>Links</c> and <c>Timeline</c> are left
/// empty for speed; <see cref="SqliteStore.GetIncidentAsync"/> gives them), how many signals are linked to it
/// and how many of its signal states are still firing.
/// </summary>
public sealed record IncidentSummary(Incident Incident, int SignalCount, int FiringCount);
