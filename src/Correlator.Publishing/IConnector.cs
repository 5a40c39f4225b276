using Correlator.Domain;

namespace Correlator.Publishing;

/// <summary>
/// Delivers outbox effects to one target (an ITSM tool, a webhook). Implementations are idempotent by the
/// entry's key and stream: when <see cref="Delivery.MayHaveBeenApplied"/> is set they look the effect up
/// on the target before repeating it.
/// </summary>
public interface IConnector
{
    /// <summary>The outbox target this connector drains.</summary>
    string Target { get; }

    /// <summary>Applies the effect; returns the external reference of its stream when it learnt one (the ticket id), else null.</summary>
    /// <exception cref="PublishException">The target refused (permanent) or failed (transient).</exception>
    Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken);
}
