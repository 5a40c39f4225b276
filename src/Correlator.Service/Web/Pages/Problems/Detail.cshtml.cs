using Correlator.Service.Problems;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Problems;

/// <summary>One suggestion: its evidence, a chart of its incidents' downtime over time, its problem record once accepted.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailModel(SqliteStore store, ProblemRecords records, IAuthorizationService authorization) : PageModel
{
    /// <summary>The chart and the list read at most this many incidents (the newest).</summary>
    public const int MaxIncidents = 200;

    public ProblemSuggestionDto Problem { get; private set; } = null!;

    /// <summary>The incidents read: id, title, opened, downtime so far.</summary>
    public IReadOnlyList<(long Id, string Title, DateTimeOffset OpenedAt, TimeSpan Downtime)> Incidents { get; private set; } = [];

    public bool CanDecide { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var suggestion = await store.GetProblemSuggestionAsync(id, cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }

        Problem = ProblemSuggestionDto.From(suggestion, await records.TicketsAsync(suggestion, cancellationToken));
        // One narrow read of the incidents' spans, not every incident with its signals.
        var incidents = (await store.ListIncidentSpansAsync([.. suggestion.IncidentIds.TakeLast(MaxIncidents)], cancellationToken))
            .Select(i => (i.Id, i.Title, i.OpenedAt, i.Downtime)).ToList();
        Incidents = incidents;
        CanDecide = (await authorization.AuthorizeAsync(User, Policies.ManageProblems)).Succeeded;
        return Page();
    }
}
