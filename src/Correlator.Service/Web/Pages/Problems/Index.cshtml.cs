using Correlator.Service.Problems;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Problems;

/// <summary>Problem suggestions with their evidence; a problem manager accepts or rejects them here.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SqliteStore store, ProblemRecords records, IAuthorizationService authorization) : PageModel
{
    /// <summary>Each suggestion's downtime chart draws its newest incidents, at most this many.</summary>
    public const int MaxChartIncidents = 30;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }

    public IReadOnlyList<ProblemSuggestionDto> Suggestions { get; private set; } = [];

    public bool CanDecide { get; private set; }

    /// <summary>The incidents each suggestion's downtime chart draws, by suggestion id.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<IncidentSpan>> Downtime { get; private set; } = new Dictionary<long, IReadOnlyList<IncidentSpan>>();

    /// <summary>The problem records in the ITSM tools of the accepted suggestions, by suggestion id.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<ProblemTicketDto>> Tickets { get; private set; } = new Dictionary<long, IReadOnlyList<ProblemTicketDto>>();

    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ProblemSuggestionStatus? filter = null;
        if (!string.IsNullOrEmpty(Status))
        {
            if (ProblemEndpoints.TryParseStatus(Status, out var parsed))
            {
                filter = parsed;
            }
            else
            {
                FilterError = $"'{Status}' is not proposed, accepted or rejected.";
            }
        }

        var suggestions = await store.ListProblemSuggestionsAsync(filter, cancellationToken);
        Suggestions = [.. suggestions.Select(s => ProblemSuggestionDto.From(s))];

        // One narrow read for every chart of the page.
        var spans = (await store.ListIncidentSpansAsync([.. suggestions.SelectMany(s => s.IncidentIds.TakeLast(MaxChartIncidents)).Distinct()], cancellationToken))
            .ToDictionary(i => i.Id);
        Downtime = suggestions.ToDictionary(s => s.Id, s => (IReadOnlyList<IncidentSpan>)[.. s.IncidentIds.TakeLast(MaxChartIncidents).Where(spans.ContainsKey).Select(i => spans[i])]);
        var tickets = new Dictionary<long, IReadOnlyList<ProblemTicketDto>>();
        foreach (var accepted in suggestions.Where(s => s.Status == ProblemSuggestionStatus.Accepted))
        {
            if (await records.TicketsAsync(accepted, cancellationToken) is { } found)
            {
                tickets[accepted.Id] = found;
            }
        }

        Tickets = tickets;
        CanDecide = (await authorization.AuthorizeAsync(User, Policies.ManageProblems)).Succeeded;
    }
}
