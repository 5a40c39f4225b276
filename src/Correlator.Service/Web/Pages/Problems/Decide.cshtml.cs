using Correlator.Service.Problems;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Problems;

/// <summary>
/// The forms of the problem pages post here (problem managers and admins only, with the anti-forgery token):
/// accept or reject, then back to the page the person came from with what happened.
/// </summary>
[Authorize(Policy = Policies.ManageProblems)]
public sealed class DecideModel(ProblemRecords records) : PageModel
{
    public IActionResult OnGet(long id) => Redirect($"/problems/{id}");

    public async Task<IActionResult> OnPostAcceptAsync(long id, string? note, CancellationToken cancellationToken)
    {
        if (note is { Length: > ProblemRecords.MaxReasonLength })
        {
            return Back(id, error: $"The note is longer than {ProblemRecords.MaxReasonLength} characters.");
        }

        var (outcome, _) = await records.AcceptAsync(id, ProblemEndpoints.Actor(Request), string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken);
        return Outcome(id, outcome, $"Suggestion {id} accepted: its problem record is being published.");
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Back(id, error: "A rejection needs a reason.");
        }

        if (reason.Length > ProblemRecords.MaxReasonLength)
        {
            return Back(id, error: $"The reason is longer than {ProblemRecords.MaxReasonLength} characters.");
        }

        var (outcome, _) = await records.RejectAsync(id, ProblemEndpoints.Actor(Request), reason.Trim(), cancellationToken);
        return Outcome(id, outcome, $"Suggestion {id} rejected: the pattern will not be proposed again unless it changes.");
    }

    private IActionResult Outcome(long id, ProblemDecisionOutcome outcome, string done) => outcome switch
    {
        ProblemDecisionOutcome.NotFound => NotFound(),
        ProblemDecisionOutcome.AlreadyDecided => Back(id, error: $"Suggestion {id} was already decided."),
        _ => Back(id, done: done),
    };

    private RedirectResult Back(long id, string? done = null, string? error = null)
    {
        var referer = Request.Headers.Referer.ToString();
        var page = referer.Contains($"/problems/{id}", StringComparison.Ordinal) ? $"/problems/{id}" : "/problems";
        var query = done is not null ? "?done=" + Uri.EscapeDataString(done) : "?error=" + Uri.EscapeDataString(error ?? "");
        return Redirect(page + query);
    }
}
