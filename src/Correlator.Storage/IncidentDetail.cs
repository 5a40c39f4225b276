using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// An incident with its links and timeline, and the state of each linked signal: for every linked fingerprint,
/// its episode attached to this incident, else its latest episode; in link order.
/// </summary>
public sealed class IncidentDetail
{
    public IncidentDetail(Incident incident, IReadOnlyList<SignalState> signals)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(signals);
        Incident = incident;
        Signals = signals;
    }

    public Incident Incident { get; }

    public IReadOnlyList<SignalState> Signals { get; }
}
