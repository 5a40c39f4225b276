namespace Correlator.Incidents;

/// <summary>
/// One SLA clock (time to acknowledge or time to resolve) at an instant: business time used, the target,
/// the state, whether it has passed the warning share, and the instant it breaches if it keeps running.
/// </summary>
public sealed record SlaClock(TimeSpan Elapsed, TimeSpan Target, SlaClockState State, bool Warning, DateTimeOffset? BreachAt)
{
    public double Used => Target <= TimeSpan.Zero ? 0 : Elapsed / Target;
}
