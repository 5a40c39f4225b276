namespace Correlator.Domain;

/// <summary>
/// The store as the publishers see it (a port: the SQLite store implements it): claim the rows that are
/// due, record their outcome, remember the external reference of each stream (the ticket), and write back
/// what people changed on the target's side.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// The first undelivered row of each stream of the target, when it is pending and due at <paramref name="now"/>
    /// (a parked or deferred head holds back only its own stream), oldest first; each claimed row's attempt count is raised.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string target, int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the row delivered and, when given, records the external reference of its stream.</summary>
    Task CompleteOutboxAsync(long id, string? externalRef, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Leaves the row pending with its last error, not to be claimed before <paramref name="retryAt"/>.</summary>
    Task DeferOutboxAsync(long id, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Parks the row with the target's error text: it and the later rows of its stream wait for a person.</summary>
    Task ParkOutboxAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The external reference recorded for a stream of the target (e.g. the ticket id of an incident), or null.</summary>
    Task<string?> GetExternalRefAsync(string target, string stream, CancellationToken cancellationToken);

    /// <summary>The stream whose external reference this is, or null (e.g. the incident of a ticket).</summary>
    Task<string?> FindStreamAsync(string target, string externalRef, CancellationToken cancellationToken);

    /// <summary>Appends a line from outside (a person's change in the ITSM tool) to the incident's timeline; false when its key was already recorded.</summary>
    Task<bool> AppendExternalEntryAsync(long incidentId, string key, TimelineEntry entry, CancellationToken cancellationToken);

    /// <summary>A named cursor of a poller (e.g. the last transaction read from a target), or null.</summary>
    Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken);

    Task SetCursorAsync(string name, string value, CancellationToken cancellationToken);
}
