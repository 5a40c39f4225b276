using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// The incident-management stage, after correlation: classifies, prioritises and assigns each incident the
/// correlation opens, follows its changes, applies people's actions, and — as event time advances — raises
/// SLA warnings, breaches and hierarchical escalations. Pure: every effect is recorded in <see cref="ManagementChanges"/>.
/// </summary>
public sealed partial class IncidentManager
{
    private readonly Classifier _classifier;
    private readonly PriorityPolicy _priority;
    private readonly AssignmentPolicy _assignment;
    private readonly EscalationPolicy _escalation;
    private readonly Dictionary<long, ManagedIncident> _open = [];
    private readonly HashSet<long> _resolvedByCorrelation = [];
    private readonly Dictionary<long, CrisisRecord> _crises = [];
    private readonly IncidentManagementOptions _options;

    // The timer index (IncidentManager.Timers.cs): each open incident's earliest due time, a queue ordered by it (with
    // superseded entries skipped when they come up), the incidents changed since their due time was worked out, and
    // the earliest crisis reminder.
    private readonly Dictionary<long, DateTimeOffset> _dueAt = [];
    private readonly PriorityQueue<long, DateTimeOffset> _dueQueue = new();
    private readonly HashSet<long> _changed = [];
    private DateTimeOffset _crisisDueAt = DateTimeOffset.MaxValue;
    private bool _crisesChanged = true;

    /// <summary>Marker in <see cref="ManagedIncident.Sent"/>: the priority was set by a person and the policy no longer changes it.</summary>
    public const string ManualPriorityKey = "priority:manual";

    /// <summary>Prefix of the marker of the policy's last suggestion noted in the timeline for a priority set by hand.</summary>
    public const string PolicySuggestionPrefix = "priority:policy:";

    public IncidentManager(IncidentManagementOptions options, IEnumerable<ManagedIncident> restored, IEnumerable<CrisisRecord>? crises = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(restored);
        var errors = IncidentManagementValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _classifier = new Classifier(options.Categories, options.DefaultCategory);
        _priority = new PriorityPolicy(options);
        _assignment = new AssignmentPolicy(options.Assignment, options.DefaultGroup);
        _escalation = new EscalationPolicy(options);
        KnownErrors = new KnownErrorLibrary(options.KnownErrors);
        Sla = new SlaPolicy(options);
        foreach (var incident in restored)
        {
            if (incident.ClosedAt is null)
            {
                _open[incident.IncidentId] = incident;
                Changed(null, incident);
            }
        }

        foreach (var crisis in crises ?? [])
        {
            if (crisis.EndedAt is null && _open.TryGetValue(crisis.IncidentId, out var managed) && managed.IsOpen)
            {
                _crises[crisis.IncidentId] = crisis;
            }
        }
    }

    public SlaPolicy Sla { get; }

    public KnownErrorLibrary KnownErrors { get; }

    public EscalationPolicy Escalation => _escalation;

    /// <summary>Incidents not closed, by id.</summary>
    public IReadOnlyDictionary<long, ManagedIncident> Open => _open;

    /// <summary>Takes in an incident as correlation left it.</summary>
    public void Observe(IncidentFacts facts, ManagementChanges changes)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(changes);
        var incident = facts.Incident;
        int entries = changes.Entries.Count, notices = changes.Notices.Count, crises = changes.CrisisPuts;
        bool rising = false;
        var managed = _open.TryGetValue(incident.Id, out var known) ? Follow(known, facts, changes, out rising) : Admit(facts, changes);
        if (managed is null)
        {
            return;
        }

        if (managed.ClosedAt is null)
        {
            _open[managed.IncidentId] = managed;
            Changed(known, managed);
        }
        else
        {
            _open.Remove(managed.IncidentId);
            _resolvedByCorrelation.Remove(managed.IncidentId);
            Forget(managed.IncidentId);
        }

        FollowCrisis(managed, "correlator", "priority P1", managed.ClosedAt ?? managed.ResolvedAt ?? incident.UpdatedAt, changes);
        if (managed.Equals(known))
        {
            return;
        }

        bool quiet = changes.Entries.Count == entries && changes.Notices.Count == notices && changes.CrisisPuts == crises;
        if (quiet && rising && IsCountOnly(known, managed))
        {
            changes.PutCountOnly(managed);
        }
        else
        {
            changes.Put(managed);
        }
    }

    /// <summary>
    /// Whether the record changed only by a larger count of components, which no person and no later decision reads
    /// from the stored record: the pass's priority decision (made rising, as the growth makes it) left everything else
    /// as it was. Such a change may wait in memory: a restart recounts the components from correlation's rows and,
    /// seeing them grown, makes the same rising decision from the stored record (see <see cref="RestoredTrend"/>).
    /// </summary>
    private static bool IsCountOnly(ManagedIncident? before, ManagedIncident after) =>
        before is not null && after.Components > before.Components && (after with { Components = before.Components }).Equals(before);

    private ManagedIncident? Admit(IncidentFacts facts, ManagementChanges changes)
    {
        var incident = facts.Incident;

        // A Predicted incident is not managed until it is confirmed (by a person or by impact): no assignment, no
        // paging, no SLA. Its clocks start at the confirmation, not at the prediction.
        if (incident.State is IncidentState.Closed or IncidentState.Predicted)
        {
            return null;
        }

        var at = Incident.ConfirmedAt(incident) is { } confirmed && confirmed > incident.OpenedAt ? confirmed : incident.OpenedAt;
        var classification = _classifier.Classify(facts.SignalLabels);
        var decision = _priority.Decide(incident.Service, facts.Resources.Count, incident.Severity, facts.Rising);
        var (group, why) = _assignment.Assign(incident.Service, facts.Resources, classification.Category);
        var managed = new ManagedIncident
        {
            IncidentId = incident.Id,
            Service = incident.Service,
            OpenedAt = at,
            Category = classification.Category,
            Subcategory = classification.Subcategory,
            Impact = decision.Impact,
            Urgency = decision.Urgency,
            Priority = decision.Priority,
            WorstSeverity = incident.Severity,
            Components = facts.Resources.Count,
            Group = group,
            Major = decision.Priority == Priority.P1,
        };
        var id = incident.Id;
        changes.Entries.Add(new ManagementEntry(id, at, "classified", $"Category {classification.Category}{(classification.Subcategory is { } sub ? "/" + sub : "")}: {classification.Reason}"));
        changes.Entries.Add(new ManagementEntry(id, at, "priority", $"Priority {decision.Priority} (impact {decision.Impact}, urgency {decision.Urgency}): {decision.Reason}"));
        var onCall = _escalation.OnCall(group, at);
        changes.Entries.Add(new ManagementEntry(id, at, "assigned", $"Assigned to {group} by {why}{(onCall is null ? "" : $"; on call: {onCall}")}"));
        if (managed.Major)
        {
            changes.Entries.Add(new ManagementEntry(id, at, "major", "Major incident: priority P1"));
        }

        if (KnownErrors.Match(incident.Service, classification.Category, facts.SignalLabels) is { } known)
        {
            managed = managed with { KnownError = known.Id };
            var overdue = KnownErrorLibrary.IsOverdue(known, at) ? $"; its review was due {known.ReviewBy} (overdue)" : "";
            changes.Entries.Add(new ManagementEntry(id, at, "known-error", $"Matches known error {known.Id} (owner {known.Owner}){overdue}. Workaround: {known.Workaround}"));
        }

        return FollowCorrelationState(managed, incident, changes);
    }

    private ManagedIncident Follow(ManagedIncident managed, IncidentFacts facts, ManagementChanges changes, out bool rising)
    {
        var incident = facts.Incident;
        var at = incident.UpdatedAt;
        rising = facts.Restored
            ? RestoredTrend(managed, facts)
            : facts.Rising || incident.Severity > managed.WorstSeverity || facts.Resources.Count > managed.Components;
        var decision = _priority.Decide(incident.Service, facts.Resources.Count, incident.Severity, rising);
        var next = managed with { WorstSeverity = incident.Severity, Components = facts.Resources.Count };
        if (decision.Priority != managed.Priority && managed.IsOpen && managed.Sent.Contains(ManualPriorityKey))
        {
            // A person set the priority: it stays; the timeline says once per suggestion what the policy would choose.
            var suggestion = PolicySuggestionPrefix + decision.Priority;
            if (!managed.Sent.Contains(suggestion))
            {
                next = next with { Sent = next.Sent.RemoveAll(k => k.StartsWith(PolicySuggestionPrefix, StringComparison.Ordinal)).Add(suggestion) };
                changes.Entries.Add(new ManagementEntry(managed.IncidentId, at, "priority-suggested",
                    $"The policy would choose {decision.Priority} (impact {decision.Impact}, urgency {decision.Urgency}): {decision.Reason}; the priority {managed.Priority} set by hand is kept"));
            }
        }
        else if (decision.Priority != managed.Priority && managed.IsOpen)
        {
            next = next with { Impact = decision.Impact, Urgency = decision.Urgency, Priority = decision.Priority };
            changes.Entries.Add(new ManagementEntry(managed.IncidentId, at, "priority",
                $"Priority {managed.Priority} -> {decision.Priority} (impact {decision.Impact}, urgency {decision.Urgency}): {decision.Reason}"));
            if (decision.Priority == Priority.P1 && !managed.Major)
            {
                next = next with { Major = true };
                changes.Entries.Add(new ManagementEntry(managed.IncidentId, at, "major", "Major incident: priority P1"));
            }
        }

        return FollowCorrelationState(next, incident, changes);
    }

    /// <summary>Mirrors what correlation decided about the incident's life: resolved when its signals cleared, reopened, closed.</summary>
    private ManagedIncident FollowCorrelationState(ManagedIncident managed, Incident incident, ManagementChanges changes)
    {
        var id = managed.IncidentId;
        switch (incident.State)
        {
            case IncidentState.Resolved when managed.ResolvedAt is null:
                _resolvedByCorrelation.Add(id);
                var resolvedAt = incident.ResolvedAt ?? incident.UpdatedAt;
                changes.Entries.Add(new ManagementEntry(id, resolvedAt, "resolved", "Resolved: every signal cleared"));
                return CloseHold(managed, resolvedAt) with { ResolvedAt = resolvedAt };
            case IncidentState.Resolved:
                _resolvedByCorrelation.Add(id);
                return managed;
            case IncidentState.Closed:
                var closedAt = incident.ClosedAt ?? incident.UpdatedAt;
                changes.Entries.Add(new ManagementEntry(id, closedAt, "closed", "Closed"));
                return CloseHold(managed, closedAt) with { ClosedAt = closedAt, ResolvedAt = managed.ResolvedAt ?? incident.ResolvedAt ?? closedAt };
            default:
                if (_resolvedByCorrelation.Remove(id) && managed.ResolvedAt is not null)
                {
                    changes.Entries.Add(new ManagementEntry(id, incident.UpdatedAt, "reopened", "Reopened: its signals fired again"));
                    return managed with { ResolvedAt = null, Reopens = managed.Reopens + 1 };
                }

                return managed;
        }
    }

    /// <summary>
    /// The trend of an incident read back from the store, which does not keep it. Rising when the facts moved up
    /// since the stored record (a higher severity, or more components at no lower severity: what correlation committed
    /// while the stage was down, or counts held back in memory); otherwise the trend under which the policy gives the
    /// stored priority (or, for a priority set by hand, a suggestion already noted), steady first — so a restart keeps
    /// a rising-derived P1 instead of dropping it to P2, and a record whose counts were held back (they were held only
    /// when the rising decision left everything else as it was) comes back as it was in memory.
    /// </summary>
    private bool RestoredTrend(ManagedIncident managed, IncidentFacts facts)
    {
        var severity = facts.Incident.Severity;
        if (severity > managed.WorstSeverity || (severity >= managed.WorstSeverity && facts.Resources.Count > managed.Components))
        {
            return true;
        }

        return !Explains(managed, facts, rising: false) && Explains(managed, facts, rising: true);
    }

    private bool Explains(ManagedIncident managed, IncidentFacts facts, bool rising)
    {
        var decided = _priority.Decide(facts.Incident.Service, facts.Resources.Count, facts.Incident.Severity, rising).Priority;
        return decided == managed.Priority
            || (managed.Sent.Contains(ManualPriorityKey) && managed.Sent.Contains(PolicySuggestionPrefix + PriorityKey.Of(decided)));
    }

    private static ManagedIncident CloseHold(ManagedIncident managed, DateTimeOffset at) =>
        managed.IsOnHold ? managed with { Holds = managed.Holds.SetItem(managed.Holds.Count - 1, managed.Holds[^1] with { To = at }) } : managed;
}
