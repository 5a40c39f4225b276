namespace Correlator.Storage;

/// <summary>
/// A resolved incident whose root cause a person confirmed, as the root-cause history reads it: the component, who
/// confirmed it and when the incident resolved, and where its signals were (each distinct resource / service pair).
/// </summary>
public sealed record ConfirmedRootCauseRow(long IncidentId, string Component, string ConfirmedBy, DateTimeOffset ResolvedAt, IReadOnlyList<SignalPlace> Signals);
