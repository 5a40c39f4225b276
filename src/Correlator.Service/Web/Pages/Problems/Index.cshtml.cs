using Correlator.Service.Problems;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Problems;

/// <summary>Problem suggestions with their evidence; a problem manager accepts or rejects them here.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SqliteStore store, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }

    public IReadOnlyList<ProblemSuggestionDto> Suggestions { get; private set; } = [];

    public bool CanDecide { get; private set; }

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

        Suggestions = [.. (await store.ListProblemSuggestionsAsync(filter, cancellationToken)).Select(s => ProblemSuggestionDto.From(s))];
        CanDecide = (await authorization.AuthorizeAsync(User, Policies.ManageProblems)).Succeeded;
    }
}
