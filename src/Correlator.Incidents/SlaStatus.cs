namespace Correlator.Incidents;

/// <summary>Both SLA clocks of an incident and the calendar they count in.</summary>
public sealed record SlaStatus(string Calendar, SlaClock Acknowledge, SlaClock Resolve);
