using System.Globalization;
using Correlator.Domain;
using Correlator.Storage;

namespace Correlator.Service.Problems;

/// <summary>Turns an accepted suggestion into the problem record the publishers create, and decides on suggestions.</summary>
public sealed class ProblemRecords(SqliteStore store, TimeProvider clock)
{
    /// <summary>Most characters of a rejection reason or acceptance note.</summary>
    public const int MaxReasonLength = 2000;

    public static string ProblemId(long suggestionId) => "PRB-" + suggestionId.ToString(CultureInfo.InvariantCulture);

    public static ProblemEffect Record(ProblemSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var title = "Recurring: " + suggestion.Signature.Replace("|", ", ", StringComparison.Ordinal);
        return new ProblemEffect
        {
            ProblemId = ProblemId(suggestion.Id),
            Title = title.Length > 200 ? title[..199] + "…" : title,
            Description = suggestion.Description,
            Service = suggestion.Service,
            IncidentIds = suggestion.IncidentIds,
        };
    }

    /// <summary>Accepts: the suggestion and its problem record (outbox) in one transaction.</summary>
    public async Task<(ProblemDecisionOutcome Outcome, ProblemSuggestion? Suggestion)> AcceptAsync(long id, string actor, string? note, CancellationToken cancellationToken)
    {
        var suggestion = await store.GetProblemSuggestionAsync(id, cancellationToken).ConfigureAwait(false);
        if (suggestion is null)
        {
            return (ProblemDecisionOutcome.NotFound, null);
        }

        var outcome = await store.AcceptProblemSuggestionAsync(id, actor, note, Record(suggestion), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return (outcome, await store.GetProblemSuggestionAsync(id, cancellationToken).ConfigureAwait(false));
    }

    public async Task<(ProblemDecisionOutcome Outcome, ProblemSuggestion? Suggestion)> RejectAsync(long id, string actor, string reason, CancellationToken cancellationToken)
    {
        var outcome = await store.RejectProblemSuggestionAsync(id, actor, reason, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return (outcome, await store.GetProblemSuggestionAsync(id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The external reference of the accepted suggestion's record in each publishing target.</summary>
    public async Task<IReadOnlyList<ProblemTicketDto>?> TicketsAsync(ProblemSuggestion suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        if (suggestion.Status != ProblemSuggestionStatus.Accepted)
        {
            return null;
        }

        var stream = OutboxKinds.ProblemStream(ProblemId(suggestion.Id));
        var tickets = new List<ProblemTicketDto>();
        foreach (var target in store.OutboxTargets)
        {
            tickets.Add(new ProblemTicketDto(target, await store.GetExternalRefAsync(target, stream, cancellationToken).ConfigureAwait(false)));
        }

        return tickets;
    }
}
