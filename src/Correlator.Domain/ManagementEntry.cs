namespace Correlator.Domain;

/// <summary>One dated line of incident management's own timeline (classification, priority, assignment, actions, SLA, escalation).</summary>
public sealed record ManagementEntry(long IncidentId, DateTimeOffset At, string Kind, string Text);
