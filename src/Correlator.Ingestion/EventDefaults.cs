namespace Correlator.Ingestion;

/// <summary>
/// What the envelope around a generic event supplies when the event itself does not say: the endpoint's
/// source hint for a plain event, the CloudEvent attributes for a CloudEvent's data.
/// </summary>
/// <param name="EventId">When set, replaces the event's own <c>id</c> (a CloudEvent is identified by its envelope).</param>
/// <param name="Envelope">How error messages name the envelope, e.g. "the CloudEvent"; null for a plain event.</param>
internal readonly record struct EventDefaults(
    string? Source = null,
    DateTimeOffset? Time = null,
    string? Resource = null,
    string? EventId = null,
    string? Envelope = null);
