using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Storage;

namespace Correlator.Service.Incidents;

/// <summary>Builds the management view of an incident from the store, with its SLA clocks evaluated at the clock's time.</summary>
public sealed class ManagementView(SqliteStore store, IncidentStage stage, TimeProvider clock, Microsoft.Extensions.Options.IOptions<IncidentManagementOptions> policies)
{
    private readonly EscalationPolicy _escalation = new(policies.Value);
    private readonly KnownErrorLibrary _knownErrors = new(policies.Value.KnownErrors);

    /// <summary>The known-error library with each entry's overdue flag (at the clock's time) and its linked incidents.</summary>
    public async Task<IReadOnlyList<KnownErrorDto>> KnownErrorsAsync(CancellationToken cancellationToken)
    {
        await stage.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
        var links = await store.CountKnownErrorLinksAsync(cancellationToken).ConfigureAwait(false);
        return [.. _knownErrors.Entries.Select(e => KnownError(e, links.GetValueOrDefault(e.Id)))];
    }

    private KnownErrorDto KnownError(KnownError entry, int? incidents) => new(
        entry.Id, entry.Match, entry.Service, entry.Category, entry.Workaround, entry.Owner, entry.ReviewBy,
        KnownErrorLibrary.IsOverdue(entry, clock.GetUtcNow()), incidents);

    /// <summary>The incident's management view after the stage took in what was committed before the call; null when it has none.</summary>
    public async Task<ManagementDto?> GetAsync(long incidentId, CancellationToken cancellationToken)
    {
        await stage.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
        return await store.GetManagementAsync(incidentId, cancellationToken).ConfigureAwait(false) is { } detail ? ToDto(detail) : null;
    }

    /// <summary>Lets the stage take in what was committed before the call, so filters on management (group, managed priority) see it.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => stage.ProcessPendingAsync(cancellationToken);

    /// <summary>
    /// The management view of each given incident incident management has seen, by id: one batched store read for a
    /// list page (the management timeline left empty). It does not catch up itself: a list calls
    /// <see cref="CatchUpAsync"/> once before it reads its page, and a second wait here would only add a pass for
    /// commits newer than the page.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, ManagementDto>> GetManyAsync(IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        var details = await store.GetManagementBatchAsync(incidentIds, cancellationToken).ConfigureAwait(false);
        return details.ToDictionary(d => d.Key, d => ToDto(d.Value));
    }

    /// <summary>The status summary of the incident's crisis for management, at the clock's time; null when it has no crisis record.</summary>
    public async Task<StatusSummary?> SummaryAsync(long incidentId, CancellationToken cancellationToken)
    {
        await stage.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
        if (await store.GetManagementAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { Crisis: { } crisis } detail)
        {
            return null;
        }

        var incident = await store.GetIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var components = incident is null ? [] : incident.Signals.Select(s => s.Latest.Resource).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var title = incident?.Incident.Title ?? "incident " + incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StatusSummaryWriter.Write(crisis, detail.Incident, title, components, detail.Timeline, Max(clock.GetUtcNow(), stage.Now));
    }

    /// <summary>
    /// Every open P1 or major incident, and every crisis not yet ended, for management's one-page view: most urgent
    /// first (P1 before the rest, then the oldest), each with its plain-language status and next update time.
    /// </summary>
    public async Task<IReadOnlyList<CriticalIncidentDto>> CriticalAsync(CancellationToken cancellationToken)
    {
        await stage.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);
        var (open, crises) = await store.LoadManagementAsync(cancellationToken).ConfigureAwait(false);
        var crisisOf = crises.ToDictionary(c => c.IncidentId);
        var critical = open.Where(m => m.IsOpen).Where(m => m.Priority == Priority.P1 || m.Major || crisisOf.ContainsKey(m.IncidentId))
            .OrderBy(m => m.Priority).ThenBy(m => m.OpenedAt).ThenBy(m => m.IncidentId);
        var result = new List<CriticalIncidentDto>();
        foreach (var managed in critical)
        {
            var summary = crisisOf.ContainsKey(managed.IncidentId) ? await SummaryAsync(managed.IncidentId, cancellationToken).ConfigureAwait(false) : null;
            var crisis = crisisOf.GetValueOrDefault(managed.IncidentId);
            result.Add(new CriticalIncidentDto(
                managed.IncidentId,
                managed.Priority.ToString(),
                managed.Major,
                managed.Service,
                managed.OpenedAt,
                managed.IsOnHold ? "on hold" : managed.AcknowledgedAt is null ? "not acknowledged" : "in progress",
                managed.Assignee is { } who ? $"{managed.Group} ({who})" : managed.Group,
                crisis?.NextUpdateAt,
                summary?.Headline ?? $"Incident {managed.IncidentId} ({managed.Priority}) is open without a crisis record.",
                summary?.Text ?? NoCrisisText(managed)));
        }

        return result;
    }

    private static string NoCrisisText(ManagedIncident managed) =>
        $"Priority {managed.Priority} since {managed.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
        + (managed.Service is { Length: > 0 } service ? $" on service {service}" : "")
        + $"; handled by {managed.Group}"
        + (managed.AcknowledgedAt is { } ack ? $", acknowledged at {ack.UtcDateTime:HH:mm} UTC." : ", not acknowledged yet.")
        + " No crisis record, so no status update is scheduled.";

    public ManagementDto ToDto(ManagementDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var m = detail.Incident;
        var now = Max(clock.GetUtcNow(), stage.Now);
        var paused = m.Holds.Sum(h => ((h.To ?? Max(now, h.From)) - h.From).TotalSeconds);
        var sla = stage.Sla.Evaluate(m, now) is { } status ? new SlaDto(status.Calendar, Clock(status.Acknowledge), Clock(status.Resolve)) : null;
        var crisis = detail.Crisis is { } c
            ? new CrisisDto(c.DeclaredAt, c.DeclaredBy, c.Reason, c.Mobilised, c.UpdateEvery.TotalSeconds, c.NextUpdateAt, c.Reminders, c.EndedAt)
            : null;
        return new ManagementDto(
            m.Category,
            m.Subcategory,
            m.Priority.ToString(),
            m.Impact.ToString().ToLowerInvariant(),
            m.Urgency.ToString().ToLowerInvariant(),
            m.Group,
            m.Assignee,
            m.IsOpen ? _escalation.OnCall(m.Group, now) : null,
            m.AcknowledgedAt,
            m.ResolvedAt,
            m.IsOnHold,
            [.. m.Holds.Select(h => new HoldDto(h.From, h.To, h.Reason))],
            paused,
            m.Major,
            SqliteStore.EscalationLevelOf(m),
            m.Sent,
            sla,
            crisis,
            [.. detail.Timeline.Select(e => new ManagementLineDto(e.At, e.Kind, e.Text))],
            m.KnownError is { } id && _knownErrors.Find(id) is { } known ? KnownError(known, null) : null,
            m.Sent.Contains(Correlator.Incidents.IncidentManager.ManualPriorityKey),
            m.RootCause is { } cause ? new ConfirmedRootCauseDto(cause.Component, cause.ConfirmedBy, cause.ConfirmedAt) : null);
    }

    private static SlaClockDto Clock(SlaClock clock) => new(
        clock.State.ToString().ToLowerInvariant(), clock.Elapsed.TotalSeconds, clock.Target.TotalSeconds, clock.Used, clock.Warning, clock.BreachAt);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
