namespace Correlator.Domain;

/// <summary>
/// What the pipeline knows of one fingerprint after deduplication: its latest signal, how often it
/// was seen, and the incident it belongs to.
/// </summary>
public sealed record SignalState(Signal Latest, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, long Occurrences, long? IncidentId)
{
    public string Fingerprint => Latest.Fingerprint;
}
