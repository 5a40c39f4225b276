namespace Correlator.Domain;

/// <summary>The allowed moves of the incident state machine.</summary>
public static class IncidentStates
{
    /// <summary>
    /// New, InProgress and OnHold are active; an active incident may be resolved; a resolved one may be
    /// reopened (to New or InProgress) until it is closed; Closed is final. A Predicted incident is confirmed (New, or
    /// InProgress when acknowledged at once), resolves when its signals clear first, or is dismissed (Closed).
    /// </summary>
    public static bool CanMove(IncidentState from, IncidentState to) => (from, to) switch
    {
        (IncidentState.New, IncidentState.InProgress or IncidentState.OnHold or IncidentState.Resolved) => true,
        (IncidentState.InProgress, IncidentState.OnHold or IncidentState.Resolved) => true,
        (IncidentState.OnHold, IncidentState.InProgress or IncidentState.Resolved) => true,
        (IncidentState.Resolved, IncidentState.New or IncidentState.InProgress or IncidentState.Closed) => true,
        (IncidentState.Predicted, IncidentState.New or IncidentState.InProgress or IncidentState.Resolved or IncidentState.Closed) => true,
        _ => false,
    };

    public static bool IsActive(IncidentState state) => state is IncidentState.New or IncidentState.InProgress or IncidentState.OnHold or IncidentState.Predicted;

    public static string ToName(IncidentState state) => state switch
    {
        IncidentState.New => "new",
        IncidentState.InProgress => "in_progress",
        IncidentState.OnHold => "on_hold",
        IncidentState.Resolved => "resolved",
        IncidentState.Closed => "closed",
        IncidentState.Predicted => "predicted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };

    public static bool TryParse(string? text, out IncidentState state)
    {
        foreach (var candidate in Enum.GetValues<IncidentState>())
        {
            if (string.Equals(text, ToName(candidate), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
