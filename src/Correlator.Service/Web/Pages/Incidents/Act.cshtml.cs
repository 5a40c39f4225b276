using System.Security.Claims;
using Correlator.Incidents;
using Correlator.Service.Incidents;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Incidents;

/// <summary>
/// The incident page's action forms post here (anti-forgery checked, <c>ManageIncidents</c> only: a viewer's post is
/// 403); each applies the action as the API does and returns to the incident page with the outcome in words.
/// </summary>
[Authorize(Policy = Policies.ManageIncidents)]
public sealed class ActModel(IncidentStage stage, ManagementView view, SqliteStore store, ConfirmedRootCauseHistory history) : PageModel
{
    public IActionResult OnGet(long id) => LocalRedirect($"/incidents/{id}");

    public Task<IActionResult> OnPostAcknowledgeAsync(long id, string? note, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Acknowledge, id, new ActionRequest(note, null, null, null), "acknowledged", ct);

    public Task<IActionResult> OnPostAssignAsync(long id, string? group, string? person, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Assign, id, new ActionRequest(null, null, group, person), "assigned", ct);

    public Task<IActionResult> OnPostHoldAsync(long id, string? reason, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Hold, id, new ActionRequest(null, reason, null, null), "put on hold", ct);

    public Task<IActionResult> OnPostResumeAsync(long id, string? note, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Resume, id, new ActionRequest(note, null, null, null), "resumed", ct);

    public Task<IActionResult> OnPostResolveAsync(long id, string? note, string? rootCause, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Resolve, id, new ActionRequest(note, null, null, null, null, rootCause), "resolved", ct);

    public Task<IActionResult> OnPostRootCauseAsync(long id, string? rootCause, CancellationToken ct) =>
        ApplyAsync(ManagementAction.ConfirmRootCause, id, new ActionRequest(null, null, null, null, null, rootCause), "confirmed the root cause", ct);

    public Task<IActionResult> OnPostMajorAsync(long id, string? reason, CancellationToken ct) =>
        ApplyAsync(ManagementAction.FlagMajor, id, new ActionRequest(null, reason, null, null), "declared a major incident", ct);

    public Task<IActionResult> OnPostPriorityAsync(long id, string? priority, string? reason, CancellationToken ct) =>
        ApplyAsync(ManagementAction.ChangePriority, id, new ActionRequest(null, reason, null, null, priority), "changed the priority", ct);

    public Task<IActionResult> OnPostClearPriorityAsync(long id, string? reason, CancellationToken ct) =>
        ApplyAsync(ManagementAction.ClearPriority, id, new ActionRequest(null, reason, null, null), "cleared the manual priority", ct);

    public Task<IActionResult> OnPostEscalateAsync(long id, string? reason, CancellationToken ct) =>
        ApplyAsync(ManagementAction.Escalate, id, new ActionRequest(null, reason, null, null), "escalated", ct);

    public Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken ct) => VerdictAsync(id, confirm: true, null, ct);

    public Task<IActionResult> OnPostDismissAsync(long id, string? reason, CancellationToken ct) => VerdictAsync(id, confirm: false, reason, ct);

    /// <summary>Confirm or dismiss a prediction, as the API does; back to the incident page's prediction part.</summary>
    private async Task<IActionResult> VerdictAsync(long id, bool confirm, string? reason, CancellationToken ct)
    {
        var actor = User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var (status, error, _) = await Prediction.PredictionEndpoints.ApplyAsync(id, confirm, reason, actor, HttpContext.RequestServices, ct);
        if (status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        var query = status == StatusCodes.Status200OK
            ? "done=" + Uri.EscapeDataString(confirm ? "confirmed the prediction" : "dismissed the prediction")
            : "actionError=" + Uri.EscapeDataString(error ?? "refused");
        return LocalRedirect($"/incidents/{id}?{query}#management");
    }

    private async Task<IActionResult> ApplyAsync(ManagementAction action, long id, ActionRequest request, string done, CancellationToken ct)
    {
        var actor = User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var (_, status, error, field) = await IncidentActionEndpoints.ApplyAsync(action, id, request, actor, stage, view, store, history, ct);
        if (status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        var query = status == StatusCodes.Status200OK
            ? "done=" + Uri.EscapeDataString(done)
            : "actionError=" + Uri.EscapeDataString(field is null ? error ?? "refused" : $"{field.Field} {field.Message}");
        return LocalRedirect($"/incidents/{id}?{query}#management");
    }
}
