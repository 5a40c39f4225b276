using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>Row counts for the metrics endpoint: signal states (all episodes, and those firing) and incidents per state.</summary>
public sealed record StoreCounts(long Signals, long FiringSignals, long New, long InProgress, long OnHold, long Resolved, long Closed, long Predicted = 0)
{
    public long Incidents => New + InProgress + OnHold + Resolved + Closed + Predicted;

    public long IncidentsIn(IncidentState state) => state switch
    {
        IncidentState.New => New,
        IncidentState.InProgress => InProgress,
        IncidentState.OnHold => OnHold,
        IncidentState.Resolved => Resolved,
        IncidentState.Closed => Closed,
        IncidentState.Predicted => Predicted,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };
}
