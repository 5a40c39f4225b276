using Correlator.Service.Http;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Incidents;

/// <summary>One incident: its facts, a chart of its signals over time, the rule that attached each, and its timeline.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailModel(SqliteStore store, IAuthorizationService authorization, Correlator.Service.Incidents.ManagementView management) : PageModel
{
    /// <summary>The chart draws a bar per signal up to this many signals; beyond, it draws this many bands of signal names.</summary>
    public const int MaxChartRows = 60;

    /// <summary>The signal table shows this many signals per page.</summary>
    public const int SignalPageSize = 50;

    /// <summary>Unless the whole timeline is asked for, it shows its first and last lines only.</summary>
    public const int TimelineHead = 10;

    public const int TimelineTail = 40;

    /// <summary>The first signal (0-based, in link order) of the table's page.</summary>
    [BindProperty(SupportsGet = true, Name = "signals")]
    public int SignalOffset { get; set; }

    /// <summary><c>all</c> shows every line of the timeline.</summary>
    [BindProperty(SupportsGet = true, Name = "timeline")]
    public string? TimelineMode { get; set; }

    public IncidentItemDto Incident { get; private set; } = null!;

    public IReadOnlyList<SignalDto> Signals { get; private set; } = [];

    public IReadOnlyDictionary<string, LinkDto> LinkOf { get; private set; } = new Dictionary<string, LinkDto>();

    public IReadOnlyList<TimelineDto> Timeline { get; private set; } = [];

    /// <summary>The signals of the table's page.</summary>
    public IReadOnlyList<SignalDto> SignalPage { get; private set; } = [];

    /// <summary>The timeline lines shown: all, or the first and last ones with <see cref="TimelineOmitted"/> between them.</summary>
    public IReadOnlyList<TimelineDto> TimelineShown { get; private set; } = [];

    public int TimelineOmitted { get; private set; }

    public SignalChart Chart { get; private set; } = null!;

    /// <summary>Why the incident opened Predicted (probability, method, strongest reasons), when it did.</summary>
    public Service.Prediction.PredictionDto? Prediction { get; private set; }

    /// <summary>Whether the signed-in person may confirm or dismiss a prediction.</summary>
    public bool CanAct { get; private set; }

    public string SignalPageLink(int offset) => $"?signals={offset}{(string.Equals(TimelineMode, "all", StringComparison.OrdinalIgnoreCase) ? "&timeline=all" : "")}#signals-title";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var detail = await store.GetIncidentAsync(id, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        var incident = detail.Incident;
        var firing = detail.Signals.Count(s => s.Latest.IsFiring && s.IncidentId == incident.Id);
        // One priority everywhere: incident management's once it manages the incident (what the SLAs use).
        Incident = IncidentDtoMapper.ToItem(incident, incident.Links.Count, firing).WithManagement(await management.GetAsync(id, cancellationToken));
        Signals = [.. detail.Signals.Select(IncidentDtoMapper.ToDto)];
        var links = new Dictionary<string, LinkDto>(StringComparer.Ordinal);
        foreach (var link in incident.Links)
        {
            links.TryAdd(link.Fingerprint, IncidentDtoMapper.ToDto(link));
        }

        LinkOf = links;
        Timeline = IncidentDtoMapper.Timeline(incident, detail.Signals);
        Chart = SignalChart.Build(Incident, Signals, MaxChartRows);
        SignalOffset = Math.Clamp(SignalOffset, 0, Math.Max(0, Signals.Count - 1));
        SignalPage = [.. Signals.Skip(SignalOffset).Take(SignalPageSize)];
        var all = string.Equals(TimelineMode, "all", StringComparison.OrdinalIgnoreCase);
        if (all || Timeline.Count <= TimelineHead + TimelineTail)
        {
            TimelineShown = Timeline;
        }
        else
        {
            TimelineShown = [.. Timeline.Take(TimelineHead), .. Timeline.Skip(Timeline.Count - TimelineTail)];
            TimelineOmitted = Timeline.Count - TimelineShown.Count;
        }

        Prediction = await Service.Prediction.PredictionView.GetAsync(store, id, cancellationToken);
        CanAct = (await authorization.AuthorizeAsync(User, Policies.ManageIncidents)).Succeeded;
        return Page();
    }
}
