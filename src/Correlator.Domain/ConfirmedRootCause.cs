namespace Correlator.Domain;

/// <summary>
/// The component a person (an incident manager) confirmed as an incident's root cause, who and when: the fact the
/// root-cause ranking's history share is learnt from (never the engine's own guess).
/// </summary>
public sealed record ConfirmedRootCause(string Component, string ConfirmedBy, DateTimeOffset ConfirmedAt);
