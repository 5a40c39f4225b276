using Correlator.Domain;

namespace Correlator.Service.Incidents;

/// <summary>What the stage keeps of an open incident between passes: its latest version, the configuration items and the labels of its signals.</summary>
internal sealed class IncidentEvidence(Incident incident)
{
    public Incident Incident { get; set; } = incident;

    public HashSet<string> Resources { get; } = new(StringComparer.Ordinal);

    public List<LabelSet> Labels { get; } = [];

    public HashSet<string> Fingerprints { get; } = new(StringComparer.Ordinal);

    public void Add(Signal signal, int maxLabelSets)
    {
        if (signal.Resource is { Length: > 0 } resource)
        {
            Resources.Add(resource);
        }

        // Once the label sets are full the fingerprints are no longer needed: the set stops growing with the incident.
        if (Labels.Count < maxLabelSets && Fingerprints.Add(signal.Fingerprint))
        {
            Labels.Add(signal.Labels);
        }
    }
}
