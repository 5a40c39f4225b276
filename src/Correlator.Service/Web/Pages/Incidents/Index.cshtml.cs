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
public sealed class IndexModel(SqliteStore store, TimeProvider clock, Correlator.Service.Incidents.ManagementView management) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    /// <summary>Resolver group (incident management's assignment).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    /// <summary>The resolver groups that occur, for the group filter.</summary>
    public IReadOnlyList<string> Groups { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "offset")]
    public int Offset { get; set; }

    public IReadOnlyList<IncidentItemDto> Items { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>Per active row: its resolver group and SLA clocks (incident management's view).</summary>
    public IReadOnlyDictionary<long, Correlator.Service.Incidents.ManagementDto> Managed { get; private set; } = new Dictionary<long, Correlator.Service.Incidents.ManagementDto>();

    /// <summary>Per Predicted row: the probability that opened it.</summary>
    public IReadOnlyDictionary<long, double> Probability { get; private set; } = new Dictionary<long, double>();

    public IReadOnlyDictionary<string, int> ActiveByPriority { get; private set; } = new Dictionary<string, int>();

    public DateTimeOffset Now { get; private set; }

    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var query = new IncidentQuery
        {
            Limit = PageSize,
            Offset = Math.Max(0, Offset),
            Service = string.IsNullOrWhiteSpace(Service) ? null : Service.Trim(),
            Group = string.IsNullOrWhiteSpace(Group) ? null : Group.Trim(),
        };
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

        await management.CatchUpAsync(cancellationToken);
        ActiveByPriority = await store.CountActiveByPriorityAsync(cancellationToken);
        Groups = await store.ListResolverGroupsAsync(cancellationToken);
        var page = await store.ListIncidentsAsync(query, cancellationToken);
        Total = page.Total;

        // One batched read of the page's management views (not one per row).
        var views = await management.GetManyAsync([.. page.Items.Select(s => s.Incident.Id)], cancellationToken);
        Items = [.. page.Items.Select(s => IncidentDtoMapper.ToItem(s.Incident, s.SignalCount, s.FiringCount).WithManagement(views.GetValueOrDefault(s.Incident.Id)))];
        var managed = new Dictionary<long, Correlator.Service.Incidents.ManagementDto>();
        var probability = new Dictionary<long, double>();
        foreach (var item in page.Items.Where(s => IncidentStates.IsActive(s.Incident.State)))
        {
            if (IsPredicted(item.Incident) && await store.GetPredictionAsync(item.Incident.Id, cancellationToken) is { } prediction)
            {
                probability[item.Incident.Id] = prediction.Probability;
            }
            else if (views.GetValueOrDefault(item.Incident.Id) is { } dto)
            {
                managed[item.Incident.Id] = dto;
            }
        }

        Managed = managed;
        Probability = probability;
    }

    private static bool IsPredicted(Incident incident) => incident.State == IncidentState.Predicted;

    /// <summary>The SLA countdown of a row in words: time left to acknowledge (while not acknowledged) or to resolve, or "breached".</summary>
    public static (string Text, bool Breached)? Countdown(Correlator.Service.Incidents.ManagementDto m, DateTimeOffset now)
    {
        if (m.Sla is not { } sla)
        {
            return null;
        }

        var (name, clock) = m.AcknowledgedAt is null ? ("acknowledge", sla.Acknowledge) : ("resolve", sla.Resolve);
        if (clock.State == "breached")
        {
            return ($"{name}: breached", true);
        }

        if (clock.State == "paused")
        {
            return ($"{name}: paused", false);
        }

        var left = TimeSpan.FromSeconds(Math.Max(0, clock.TargetSeconds - clock.ElapsedSeconds));
        var breachIn = clock.BreachAt is { } at ? at - now : left;
        var shown = breachIn > TimeSpan.Zero ? breachIn : left;
        return ($"{name} in {(shown.TotalHours >= 1 ? $"{(int)shown.TotalHours} h {shown.Minutes} min" : $"{Math.Max(0, (int)shown.TotalMinutes)} min")}", false);
    }

    public string PageLink(int offset) =>
        $"?state={Uri.EscapeDataString(State ?? "")}&priority={Uri.EscapeDataString(Priority ?? "")}&service={Uri.EscapeDataString(Service ?? "")}&group={Uri.EscapeDataString(Group ?? "")}&offset={offset}";
}
