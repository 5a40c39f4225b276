namespace Correlator.Service.Incidents;

/// <summary>Incident management's view of an incident in the API: classification, priority, assignment, SLA, escalation, crisis, timeline.</summary>
public sealed record ManagementDto(
    string Category,
    string? Subcategory,
    string Priority,
    string Impact,
    string Urgency,
    string Group,
    string? Assignee,
    string? OnCall,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    bool OnHold,
    IReadOnlyList<HoldDto> Holds,
    double PausedSeconds,
    bool Major,
    int EscalationLevel,
    IReadOnlyList<string> Notified,
    SlaDto? Sla,
    CrisisDto? Crisis,
    IReadOnlyList<ManagementLineDto> Timeline,
    KnownErrorDto? KnownError = null,
    bool ManualPriority = false,
    ConfirmedRootCauseDto? RootCause = null);

/// <summary>The root cause a person confirmed: the component, who and when (what the root-cause ranking's history learns from).</summary>
public sealed record ConfirmedRootCauseDto(string Component, string ConfirmedBy, DateTimeOffset ConfirmedAt);

public sealed record HoldDto(DateTimeOffset From, DateTimeOffset? To, string Reason);

/// <summary>Both SLA clocks at the time of the request; null when no target is configured for the priority and service.</summary>
public sealed record SlaDto(string Calendar, SlaClockDto Acknowledge, SlaClockDto Resolve);

/// <summary>One SLA clock: state (running, paused, met, breached), business time used and the target, in seconds, and when it breaches if it keeps running.</summary>
public sealed record SlaClockDto(string State, double ElapsedSeconds, double TargetSeconds, double Used, bool Warning, DateTimeOffset? BreachAt);

public sealed record CrisisDto(DateTimeOffset DeclaredAt, string DeclaredBy, string Reason, IReadOnlyList<string> Mobilised, double UpdateEverySeconds, DateTimeOffset NextUpdateAt, int Reminders, DateTimeOffset? EndedAt);

/// <summary>A known error of the library: its signature, workaround, owner, review date, whether the review is overdue, and how many incidents it is linked to (in the library list; absent in an incident's view).</summary>
public sealed record KnownErrorDto(string Id, IReadOnlyDictionary<string, string> Match, string? Service, string? Category, string Workaround, string Owner, string ReviewBy, bool ReviewOverdue, int? Incidents);

public sealed record ManagementLineDto(DateTimeOffset At, string Kind, string Text);

/// <summary>The body of an action: the fields each action reads (others are ignored). <c>RootCause</c>: resolve (optional) and root-cause (required).</summary>
public sealed record ActionRequest(string? Note, string? Reason, string? Group, string? Person, string? Priority = null, string? RootCause = null);

/// <summary>One line of the critical-incidents view for management: an open P1 or major incident, in plain language.</summary>
public sealed record CriticalIncidentDto(
    long IncidentId,
    string Priority,
    bool Major,
    string? Service,
    DateTimeOffset OpenedAt,
    string Handling,
    string Group,
    DateTimeOffset? NextUpdateAt,
    string Headline,
    string Text);
