namespace Correlator.Domain;

/// <summary>One dated line of an incident's history, with the signal it concerns when there is one.</summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineEntryKind Kind, string Text, string? Fingerprint = null);
