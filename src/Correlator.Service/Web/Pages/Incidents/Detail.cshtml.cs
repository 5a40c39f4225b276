using Correlator.Service.Http;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages.Incidents;

/// <summary>One incident: its facts, a chart of its signals over time, the rule that attached each, and its timeline.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailModel(SqliteStore store) : PageModel
{
    /// <summary>The chart draws at most this many signals (the table below lists them all).</summary>
    public const int MaxChartRows = 60;

    public IncidentItemDto Incident { get; private set; } = null!;

    public IReadOnlyList<SignalDto> Signals { get; private set; } = [];

    public IReadOnlyDictionary<string, LinkDto> LinkOf { get; private set; } = new Dictionary<string, LinkDto>();

    public IReadOnlyList<TimelineDto> Timeline { get; private set; } = [];

    public SignalChart Chart { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var detail = await store.GetIncidentAsync(id, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        var incident = detail.Incident;
        var firing = detail.Signals.Count(s => s.Latest.IsFiring && s.IncidentId == incident.Id);
        Incident = IncidentDtoMapper.ToItem(incident, incident.Links.Count, firing);
        Signals = [.. detail.Signals.Select(IncidentDtoMapper.ToDto)];
        var links = new Dictionary<string, LinkDto>(StringComparer.Ordinal);
        foreach (var link in incident.Links)
        {
            links.TryAdd(link.Fingerprint, IncidentDtoMapper.ToDto(link));
        }

        LinkOf = links;
        Timeline = IncidentDtoMapper.Timeline(incident, detail.Signals);
        Chart = SignalChart.Build(Incident, Signals, MaxChartRows);
        return Page();
    }
}
