using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// What incident management knows of an incident after correlation: the incident, the configuration items
/// (resources) its signals come from, their labels, and whether it is getting worse (more signals firing
/// or a higher severity than at the previous assessment).
/// </summary>
public sealed record IncidentFacts(Incident Incident, IReadOnlyCollection<string> Resources, IReadOnlyList<LabelSet> SignalLabels, bool Rising)
{
    /// <summary>
    /// Read back from the store after a restart rather than observed as it changed: the trend is not known then, and the
    /// manager derives it from the stored record (<see cref="Rising"/> is ignored).
    /// </summary>
    public bool Restored { get; init; }
}
