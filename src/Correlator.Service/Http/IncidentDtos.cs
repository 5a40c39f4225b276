using Correlator.Domain;

namespace Correlator.Service.Http;

/// <summary>An incident as the list endpoint shows it.</summary>
public sealed record IncidentItemDto(
    long Id,
    string Title,
    string? Service,
    string GroupKey,
    string State,
    string Priority,
    string Impact,
    string Urgency,
    string Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int SignalCount,
    int FiringCount,
    string PrioritySource = IncidentItemDto.EnginePriority,
    string? Group = null)
{
    /// <summary><see cref="PrioritySource"/> when <see cref="Priority"/> is the correlation engine's (the incident is not managed yet).</summary>
    public const string EnginePriority = "engine";

    /// <summary><see cref="PrioritySource"/> when <see cref="Priority"/> is incident management's (ITIL, what the SLAs use).</summary>
    public const string ManagedPriority = "managed";

    /// <summary>This row with incident management's priority and resolver group, when it manages the incident.</summary>
    public IncidentItemDto WithManagement(Incidents.ManagementDto? managed) =>
        managed is null ? this : this with { Priority = managed.Priority, Impact = managed.Impact, Urgency = managed.Urgency, PrioritySource = ManagedPriority, Group = managed.Group };
}

/// <summary>One page of incidents, newest first.</summary>
public sealed record IncidentPageDto(IReadOnlyList<IncidentItemDto> Items, int Total, int Limit, int Offset);

/// <summary>An incident with its signals, the rule that attached each, and its timeline.</summary>
public sealed record IncidentDetailDto(
    IncidentItemDto Incident,
    IReadOnlyList<SignalDto> Signals,
    IReadOnlyList<LinkDto> Links,
    IReadOnlyList<TimelineDto> Timeline,
    Incidents.ManagementDto? Management = null,
    Prediction.PredictionDto? Prediction = null,
    IReadOnlyList<Publishing.TicketDto>? Tickets = null,
    IReadOnlyList<Incidents.RootCauseDto>? RootCauses = null,
    Incidents.NeighbourhoodDto? Neighbourhood = null);

public sealed record SignalDto(
    string Fingerprint,
    string Name,
    string Source,
    string Kind,
    string Status,
    string Severity,
    string? Resource,
    string? Service,
    string? Summary,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    long Occurrences,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

public sealed record LinkDto(string Fingerprint, DateTimeOffset AttachedAt, string Rule);

public sealed record TimelineDto(DateTimeOffset At, string Kind, string Text, string? Fingerprint);

/// <summary>Maps domain values onto the API's documented shapes (lower-case names for enums).</summary>
internal static class IncidentDtoMapper
{
    public static IncidentItemDto ToItem(Incident incident, int signalCount, int firingCount) => new(
        incident.Id,
        incident.Title,
        incident.Service,
        incident.GroupKey,
        IncidentStates.ToName(incident.State),
        incident.Priority.ToString(),
        incident.Impact.ToString().ToLowerInvariant(),
        incident.Urgency.ToString().ToLowerInvariant(),
        SeverityNames.ToName(incident.Severity),
        incident.OpenedAt,
        incident.UpdatedAt,
        incident.AcknowledgedAt,
        incident.ResolvedAt,
        incident.ClosedAt,
        signalCount,
        firingCount);

    public static SignalDto ToDto(SignalState state)
    {
        var s = state.Latest;
        return new SignalDto(
            s.Fingerprint,
            s.Name,
            s.Source,
            s.Kind == SignalKind.Alert ? "alert" : "anomaly",
            s.IsFiring ? "firing" : "resolved",
            SeverityNames.ToName(s.Severity),
            s.Resource,
            s.Service,
            s.Summary,
            s.StartsAt,
            s.EndsAt,
            state.FirstSeenAt,
            state.LastSeenAt,
            state.Occurrences,
            ToDictionary(s.Labels),
            ToDictionary(s.Annotations));
    }

    /// <summary>
    /// The incident's timeline with its attachments merged in: the domain records an attachment once, as a
    /// link; the first link is the opening line already.
    /// </summary>
    public static List<TimelineDto> Timeline(Incident incident, IReadOnlyList<SignalState> signals)
    {
        var byFingerprint = new Dictionary<string, Signal>(StringComparer.Ordinal);
        foreach (var state in signals)
        {
            byFingerprint.TryAdd(state.Fingerprint, state.Latest);
        }

        var result = new List<TimelineDto>(incident.Timeline.Count + incident.Links.Count);
        int next = 0;
        var entries = incident.Timeline;
        foreach (var link in incident.Links.Skip(1))
        {
            // At the same instant the attachment follows what came before it (a reopening) and precedes
            // what it caused (the priority change that its assessment made).
            while (next < entries.Count && (entries[next].At < link.AttachedAt
                || (entries[next].At == link.AttachedAt && entries[next].Kind != TimelineEntryKind.PriorityChanged)))
            {
                result.Add(ToDto(entries[next++]));
            }

            var text = byFingerprint.TryGetValue(link.Fingerprint, out var signal)
                ? $"{signal.Name} ({link.Fingerprint}) from {signal.Source} attached: {link.Rule}"
                : $"{link.Fingerprint} attached: {link.Rule}";
            result.Add(new TimelineDto(link.AttachedAt, "signal_attached", text, link.Fingerprint));
        }

        while (next < entries.Count)
        {
            result.Add(ToDto(entries[next++]));
        }

        return result;
    }

    public static TimelineDto ToDto(TimelineEntry entry) => new(entry.At, ToSnake(entry.Kind.ToString()), entry.Text, entry.Fingerprint);

    public static LinkDto ToDto(SignalLink link) => new(link.Fingerprint, link.AttachedAt, link.Rule);

    private static Dictionary<string, string> ToDictionary(LabelSet labels)
    {
        var result = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var pair in labels)
        {
            result[pair.Key] = pair.Value;
        }

        return result;
    }

    private static string ToSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
