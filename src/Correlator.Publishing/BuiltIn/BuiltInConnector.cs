using Correlator.Domain;

namespace Correlator.Publishing.BuiltIn;

/// <summary>
/// The embedded default: the incident itself is the ticket, so there is nothing to send; each effect is
/// acknowledged with the stream as its own external reference (<c>incident/42</c>).
/// </summary>
public sealed class BuiltInConnector(string target) : IConnector
{
    public string Target { get; } = target;

    public Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Task.FromResult<string?>(delivery.Entry.Effect.Stream);
    }
}
