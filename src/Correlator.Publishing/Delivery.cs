using Correlator.Domain;

namespace Correlator.Publishing;

/// <summary>One call of a connector for one outbox row, with what it needs to stay idempotent and to link records.</summary>
public sealed class Delivery(OutboxEntry entry, IOutboxStore store)
{
    public OutboxEntry Entry { get; } = entry ?? throw new ArgumentNullException(nameof(entry));

    /// <summary>Calls made for this row in this claim (the publisher's retries).</summary>
    public int Calls { get; internal set; }

    /// <summary>
    /// True when an earlier call for this row may have reached the target (a retry, or a claim after a crash):
    /// the connector must look before it creates or comments again.
    /// </summary>
    public bool MayHaveBeenApplied => Entry.Attempts > 1 || Calls > 1;

    /// <summary>The external reference of another stream of the same target (e.g. an incident's ticket, to link a problem to it).</summary>
    public Task<string?> ExternalRefOfAsync(string stream, CancellationToken cancellationToken) =>
        store.GetExternalRefAsync(Entry.Target, stream, cancellationToken);
}
