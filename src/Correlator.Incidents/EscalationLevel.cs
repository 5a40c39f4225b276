namespace Correlator.Incidents;

/// <summary>
/// One hierarchical escalation step: when the incident is still not acknowledged (Clock "acknowledge") or not
/// resolved (Clock "resolve") <see cref="After"/> its opening (time on hold not counted), notify <see cref="Level"/>.
/// </summary>
public sealed class EscalationLevel
{
    /// <summary>"on-call", "team-lead" (of the assigned group) or a key of Contacts such as "incident-manager".</summary>
    public string Level { get; set; } = "";

    public string Clock { get; set; } = "acknowledge";

    public TimeSpan After { get; set; }
}
