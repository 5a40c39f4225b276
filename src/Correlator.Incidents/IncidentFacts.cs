using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// What incident management knows of an incident after correlation: the incident, the configuration items
/// (resources) its signals come from, their labels, and whether it is getting worse (more signals firing
/// or a higher severity than at the previous assessment).
/// </summary>
public sealed record IncidentFacts(Incident Incident, IReadOnlyCollection<string> Resources, IReadOnlyList<LabelSet> SignalLabels, bool Rising);
