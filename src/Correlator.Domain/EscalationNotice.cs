namespace Correlator.Domain;

/// <summary>
/// "Notify level X about incident Y": an escalation or SLA warning to deliver through the publisher's targets
/// (ticket update, webhook, e-mail). <see cref="Key"/> is unique per incident and step, so delivery is idempotent.
/// </summary>
public sealed record EscalationNotice(string Key, long IncidentId, DateTimeOffset At, Priority Priority, string Level, string? Recipient, string Reason);
