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

    /// <summary>Signal states of the incident's links (the store counts them; the page reads only those it shows).</summary>
    public int SignalCount { get; private set; }

    /// <summary>
    /// How many signal rows the page read from the store: every signal up to <see cref="MaxChartRows"/>; beyond,
    /// the table's page and the signals named by the timeline lines shown (the chart is a density read).
    /// </summary>
    public int SignalsRead { get; private set; }

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

    /// <summary>The incident's tickets in the publishing targets (with a link to the ticket's page where the target has one).</summary>
    public IReadOnlyList<Service.Publishing.TicketDto> Tickets { get; private set; } = [];

    /// <summary>Root-cause candidates ranked from the incident's stored signals and the current topology (as the engine ranks them).</summary>
    public IReadOnlyList<Service.Incidents.RootCauseDto> RootCauses { get; private set; } = [];

    /// <summary>The affected components and their direct dependencies and dependents in the current topology.</summary>
    public Service.Incidents.NeighbourhoodDto? Neighbourhood { get; private set; }

    /// <summary>How many signals the root causes were ranked from (fewer than <see cref="SignalCount"/> for a storm over CorrelationFiles:MaxRootCauseSignals).</summary>
    public int RootCauseSignals { get; private set; }

    /// <summary>Whether the signed-in person may confirm or dismiss a prediction.</summary>
    public bool CanAct { get; private set; }

    public string SignalPageLink(int offset) => $"?signals={offset}{(string.Equals(TimelineMode, "all", StringComparison.OrdinalIgnoreCase) ? "&timeline=all" : "")}#signals-title";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var outline = await store.GetIncidentOutlineAsync(id, cancellationToken);
        if (outline is null)
        {
            return NotFound();
        }

        var incident = outline.Incident;
        // One priority everywhere: incident management's once it manages the incident (what the SLAs use).
        Incident = IncidentDtoMapper.ToItem(incident, incident.Links.Count, outline.FiringCount).WithManagement(await management.GetAsync(id, cancellationToken));
        SignalCount = outline.SignalCount;
        var links = new Dictionary<string, LinkDto>(StringComparer.Ordinal);
        foreach (var link in incident.Links)
        {
            links.TryAdd(link.Fingerprint, IncidentDtoMapper.ToDto(link));
        }

        LinkOf = links;
        SignalOffset = Math.Clamp(SignalOffset, 0, Math.Max(0, SignalCount - 1));
        var all = string.Equals(TimelineMode, "all", StringComparison.OrdinalIgnoreCase);
        if (SignalCount <= MaxChartRows)
        {
            // A small incident: every signal, one bar each.
            var states = await store.ListIncidentSignalsAsync(id, 0, MaxChartRows, cancellationToken);
            IReadOnlyList<SignalDto> signals = [.. states.Select(IncidentDtoMapper.ToDto)];
            Timeline = IncidentDtoMapper.Timeline(incident, states);
            Chart = SignalChart.Build(Incident, signals, MaxChartRows);
            SignalPage = [.. signals.Skip(SignalOffset).Take(SignalPageSize)];
            SignalsRead = states.Count;
            await RankAsync(id, states, cancellationToken);
        }
        else
        {
            // A storm: the table's page, a density chart counted by the store, and the signals the shown timeline names.
            var page = await store.ListIncidentSignalsAsync(id, SignalOffset, SignalPageSize, cancellationToken);
            SignalPage = [.. page.Select(IncidentDtoMapper.ToDto)];
            var (from, to) = SignalChart.Span(Incident, outline.FirstStart, outline.LastEnd);
            Chart = SignalChart.FromDensity(from, to, await store.GetSignalDensityAsync(id, from, to, SignalDensity.DefaultBuckets, MaxChartRows, cancellationToken));
            var lines = IncidentDtoMapper.Timeline(incident, []);
            var named = all || lines.Count <= TimelineHead + TimelineTail ? lines : [.. lines.Take(TimelineHead), .. lines.Skip(lines.Count - TimelineTail)];
            var wanted = named.Where(t => t.Kind == "signal_attached" && t.Fingerprint is not null).Select(t => t.Fingerprint!).ToHashSet(StringComparer.Ordinal);
            var states = await store.ListIncidentSignalsAsync(id, wanted, cancellationToken);
            Timeline = IncidentDtoMapper.Timeline(incident, states);
            SignalsRead = page.Count + states.Count;
            var limit = HttpContext.RequestServices.GetService<Service.Correlation.CorrelationRulesSource>()?.Options.MaxRootCauseSignals ?? new Service.Correlation.RuleFilesOptions().MaxRootCauseSignals;
            await RankAsync(id, await store.ListIncidentSignalsAsync(id, 0, limit, cancellationToken), cancellationToken);
        }

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
        Tickets = HttpContext.RequestServices.GetService<Service.Publishing.TicketLinks>() is { } tickets ? await tickets.ForIncidentAsync(id, cancellationToken) : [];
        CanAct = (await authorization.AuthorizeAsync(User, Policies.ManageIncidents)).Succeeded;
        return Page();
    }

    private async Task RankAsync(long id, IReadOnlyList<Correlator.Domain.SignalState> states, CancellationToken cancellationToken)
    {
        var rules = HttpContext.RequestServices.GetService<Service.Correlation.CorrelationRulesSource>();
        var topology = rules?.Topology ?? Correlator.Correlation.Topology.TopologyGraph.Empty;
        var history = HttpContext.RequestServices.GetService<Service.Incidents.ConfirmedRootCauseHistory>() is { } past
            ? (await past.GetAsync(topology, cancellationToken)).Excluding(id)
            : null;
        RootCauseSignals = states.Count;
        (RootCauses, Neighbourhood) = Service.Incidents.RootCauseView.Build(
            states, id, topology, rules?.Options.MaxNeighbourhood ?? new Service.Correlation.RuleFilesOptions().MaxNeighbourhood, history);
    }
}
