namespace Correlator.Domain;

/// <summary>Why and when a signal was attached to an incident: the rule that put it there.</summary>
public sealed record SignalLink(string Fingerprint, DateTimeOffset AttachedAt, string Rule);
