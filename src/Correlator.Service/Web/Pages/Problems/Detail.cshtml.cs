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
        var incidents = new List<(long, string, DateTimeOffset, TimeSpan)>();
        foreach (var incidentId in suggestion.IncidentIds.TakeLast(MaxIncidents))
        {
            if (await store.GetIncidentAsync(incidentId, cancellationToken) is { } detail)
            {
                var i = detail.Incident;
                var end = i.ResolvedAt ?? detail.Incident.LastSignalAt;
                incidents.Add((i.Id, i.Title, i.OpenedAt, end > i.OpenedAt ? end - i.OpenedAt : TimeSpan.Zero));
            }
        }

        Incidents = incidents;
        CanDecide = (await authorization.AuthorizeAsync(User, Policies.ManageProblems)).Succeeded;
        return Page();
    }
}
