using Correlator.Service.Incidents;
using Correlator.Service.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Critical;

/// <summary>Critical incidents for management: one page, plain language, current status and next update of every P1/major incident.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(ManagementView view, TimeProvider clock) : PageModel
{
    public IReadOnlyList<CriticalIncidentDto> Incidents { get; private set; } = [];

    public DateTimeOffset GeneratedAt { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Incidents = await view.CriticalAsync(cancellationToken);
        GeneratedAt = clock.GetUtcNow();
    }
}
