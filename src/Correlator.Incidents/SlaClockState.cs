namespace Correlator.Incidents;

/// <summary>Where one SLA clock stands.</summary>
public enum SlaClockState
{
    Running = 0,
    Paused = 1,
    Met = 2,
    Breached = 3,
}
