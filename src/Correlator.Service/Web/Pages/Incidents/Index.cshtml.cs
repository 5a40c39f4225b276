using Correlator.Domain;
using Correlator.Service.Http;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Incidents;

/// <summary>The incident list: active counts per priority, filters, newest first, refreshed in place every few seconds.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SqliteStore store, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "offset")]
    public int Offset { get; set; }

    public IReadOnlyList<IncidentItemDto> Items { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyDictionary<string, int> ActiveByPriority { get; private set; } = new Dictionary<string, int>();

    public DateTimeOffset Now { get; private set; }

    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var query = new IncidentQuery { Limit = PageSize, Offset = Math.Max(0, Offset), Service = string.IsNullOrWhiteSpace(Service) ? null : Service.Trim() };
        if (!string.IsNullOrEmpty(State))
        {
            if (IncidentStates.TryParse(State, out var state))
            {
                query = query with { State = state };
            }
            else
            {
                FilterError = $"Unknown state '{State}'.";
            }
        }

        if (!string.IsNullOrEmpty(Priority))
        {
            if (Enum.TryParse<Priority>(Priority, ignoreCase: true, out var priority) && Enum.IsDefined(priority))
            {
                query = query with { Priority = priority };
            }
            else
            {
                FilterError = $"Unknown priority '{Priority}'.";
            }
        }

        ActiveByPriority = await store.CountActiveByPriorityAsync(cancellationToken);
        var page = await store.ListIncidentsAsync(query, cancellationToken);
        Total = page.Total;
        Items = [.. page.Items.Select(s => IncidentDtoMapper.ToItem(s.Incident, s.SignalCount, s.FiringCount))];
    }

    public string PageLink(int offset) =>
        $"?state={Uri.EscapeDataString(State ?? "")}&priority={Uri.EscapeDataString(Priority ?? "")}&service={Uri.EscapeDataString(Service ?? "")}&offset={offset}";
}
