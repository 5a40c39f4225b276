namespace Correlator.Storage;

/// <summary>A person's verdict on a predicted incident: confirmed (true) or dismissed (false, with the reason); a training label.</summary>
public sealed record FeedbackLabel(long IncidentId, bool Label, string Actor, string? Reason, DateTimeOffset At);
