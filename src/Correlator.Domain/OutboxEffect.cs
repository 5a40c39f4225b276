namespace Correlator.Domain;

/// <summary>
/// One outward effect to deliver to a target (a ticket to create, a comment, a problem record, a message):
/// effects of the same <see cref="Stream"/> (e.g. <c>incident/42</c>) are delivered in order; <see cref="Key"/>
/// makes a second enqueue of the same effect a no-op. <see cref="Payload"/> is JSON whose shape is fixed by <see cref="Kind"/>.
/// </summary>
public sealed record OutboxEffect(string Stream, string Kind, string Key, string Payload)
{
    public string Stream { get; init; } = Guard.NotBlank(Stream, nameof(Stream));

    public string Kind { get; init; } = Guard.NotBlank(Kind, nameof(Kind));

    public string Key { get; init; } = Guard.NotBlank(Key, nameof(Key));

    public string Payload { get; init; } = Payload ?? throw new ArgumentNullException(nameof(Payload));
}
