namespace Correlator.Incidents;

/// <summary>The <c>IncidentManagement:MajorIncident</c> settings: who a crisis record mobilises and how often it wants a status update.</summary>
public sealed class MajorIncidentOptions
{
    /// <summary>Interval of status updates to management while a major incident is open.</summary>
    public TimeSpan UpdateEvery { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Levels to mobilise, in order: "on-call" and "team-lead" of the assigned group, or keys of Contacts.
    /// Empty (the default) means on-call, team-lead and every contact.
    /// </summary>
    public List<string> Mobilise { get; set; } = [];
}
