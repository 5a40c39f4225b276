using Correlator.Service.Incidents;
using Correlator.Service.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Correlator.Service.Web;

/// <summary>
/// The incident-management part of the incident page: SLA clocks, assignment, escalation level, crisis record and its status summary for management,
/// management timeline, and — only for roles allowed to act — the action forms (posted to <c>/incidents/{id}/act</c>).
/// </summary>
public sealed class IncidentManagementViewComponent(ManagementView view, IAuthorizationService authorization) : ViewComponent
{
    public const string ViewPath = "/Web/Pages/Shared/Components/IncidentManagement/Default.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(long id)
    {
        var management = await view.GetAsync(id, HttpContext.RequestAborted);
        var canAct = (await authorization.AuthorizeAsync(HttpContext.User, Policies.ManageIncidents)).Succeeded;
        string? error = HttpContext.Request.Query["actionError"];
        string? done = HttpContext.Request.Query["done"];
        var summary = management?.Crisis is null ? null : await view.SummaryAsync(id, HttpContext.RequestAborted);
        return View(ViewPath, new IncidentManagementModel(id, management, canAct, error, done, summary));
    }
}

/// <summary>What the incident-management part of the page shows.</summary>
public sealed record IncidentManagementModel(long Id, ManagementDto? Management, bool CanAct, string? Error, string? Done, Correlator.Incidents.StatusSummary? Summary = null);
