namespace Correlator.Domain;

/// <summary>
/// The state the correlation stage needs to continue after a restart, as loaded from the store:
/// the incidents not yet closed, the signal states linked to them, the watermark and the last id.
/// </summary>
public sealed record PipelineSnapshot(
    IReadOnlyList<Incident> OpenIncidents,
    IReadOnlyList<SignalState> Signals,
    DateTimeOffset? Watermark,
    long LastIncidentId)
{
    public static PipelineSnapshot Empty { get; } = new([], [], null, 0);
}
