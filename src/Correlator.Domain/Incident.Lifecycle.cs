namespace Correlator.Domain;

public sealed partial record Incident
{
    /// <summary>Opens an incident from its first signal.</summary>
    public static Incident Open(long id, string groupKey, Signal first, string rule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(first);
        var title = first.Service is { Length: > 0 } service ? $"{first.Name} on {service}" : first.Name;
        return new Incident
        {
            Id = id,
            GroupKey = groupKey,
            Title = title,
            Service = first.Service,
            Severity = first.Severity,
            OpenedAt = at,
            UpdatedAt = at,
            LastSignalAt = at,
            Links = [new SignalLink(first.Fingerprint, at, rule)],
            Timeline =
            [
                new TimelineEntry(at, TimelineEntryKind.Opened, $"Opened by {first.Name} ({first.Fingerprint}) from {first.Source}: {rule}", first.Fingerprint),
            ],
        };
    }

    /// <summary>
    /// Attaches another signal; only an active incident accepts signals. The link (time and rule) is the
    /// record of it: read models show links in the timeline, so the timeline does not repeat them.
    /// </summary>
    public Incident Attach(Signal signal, string rule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signal);
        RequireActive("attach a signal to");
        if (IsLinked(signal.Fingerprint))
        {
            throw new InvalidOperationException($"Signal {signal.Fingerprint} is already linked to incident {Id}.");
        }

        return this with
        {
            Severity = signal.Severity > Severity ? signal.Severity : Severity,
            UpdatedAt = Later(at),
            LastSignalAt = Later(LastSignalAt, at),
            Links = Links.Add(new SignalLink(signal.Fingerprint, at, rule)),
        };
    }

    /// <summary>Records that a linked signal cleared or fired again.</summary>
    public Incident RecordSignalStatus(Signal signal, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!IsLinked(signal.Fingerprint))
        {
            throw new InvalidOperationException($"Signal {signal.Fingerprint} is not linked to incident {Id}.");
        }

        var (kind, verb) = signal.IsFiring ? (TimelineEntryKind.SignalRefired, "fired again") : (TimelineEntryKind.SignalResolved, "resolved");
        return this with
        {
            Severity = signal.IsFiring && signal.Severity > Severity ? signal.Severity : Severity,
            UpdatedAt = Later(at),
            LastSignalAt = Later(LastSignalAt, at),
            Timeline = Timeline.Add(new TimelineEntry(at, kind, $"{signal.Name} ({signal.Fingerprint}) {verb}", signal.Fingerprint)),
        };
    }

    /// <summary>Sets impact and urgency; the priority follows from the matrix, and a change is dated with its reason.</summary>
    public Incident Assess(Impact impact, Urgency urgency, PriorityMatrix matrix, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var priority = matrix.PriorityOf(impact, urgency);
        if (impact == Impact && urgency == Urgency && priority == Priority)
        {
            return this;
        }

        var next = this with { Impact = impact, Urgency = urgency, Priority = priority, UpdatedAt = Later(at) };
        return priority == Priority
            ? next
            : next with { Timeline = Timeline.Add(new TimelineEntry(at, TimelineEntryKind.PriorityChanged, $"Priority {Priority} -> {priority} (impact {impact}, urgency {urgency}): {reason}")) };
    }

    /// <summary>Takes an active incident in hand; a resolved one must be reopened instead (it would keep its ResolvedAt).</summary>
    public Incident Acknowledge(string actor, DateTimeOffset at)
    {
        RequireActive("acknowledge");
        return MoveTo(IncidentState.InProgress, $"Acknowledged by {actor}", at) with { AcknowledgedAt = AcknowledgedAt ?? at };
    }

    public Incident Hold(string reason, DateTimeOffset at) => MoveTo(IncidentState.OnHold, $"On hold: {reason}", at);

    /// <summary>Takes an incident off hold; a resolved one must be reopened instead.</summary>
    public Incident Resume(string reason, DateTimeOffset at)
    {
        RequireActive("resume");
        return MoveTo(IncidentState.InProgress, $"Resumed: {reason}", at);
    }

    public Incident Resolve(string reason, DateTimeOffset at) => MoveTo(IncidentState.Resolved, $"Resolved: {reason}", at) with { ResolvedAt = at };

    /// <summary>Reopens a resolved incident: back to InProgress if someone had acknowledged it, else New.</summary>
    public Incident Reopen(string reason, DateTimeOffset at) =>
        MoveTo(AcknowledgedAt is null ? IncidentState.New : IncidentState.InProgress, $"Reopened: {reason}", at) with { ResolvedAt = null };

    /// <summary>
    /// The anticipation stage's decision on an incident that has just opened (no state change yet): it starts as
    /// Predicted instead of New; <paramref name="explanation"/> (probability, method, reasons) becomes its timeline line.
    /// </summary>
    public Incident OpenAsPredicted(string explanation, DateTimeOffset at)
    {
        if (State != IncidentState.New || AcknowledgedAt is not null || Timeline.Any(e => e.Kind == TimelineEntryKind.StateChanged))
        {
            throw new InvalidOperationException($"Incident {Id} is past its opening ({State}); only a just-opened incident can start as predicted.");
        }

        return this with
        {
            State = IncidentState.Predicted,
            UpdatedAt = Later(at),
            Timeline = Timeline.Add(new TimelineEntry(at, TimelineEntryKind.StateChanged, $"Predicted: {explanation}")),
        };
    }

    /// <summary>How the timeline line of a confirmation starts (the ITIL stage starts its clocks at that line).</summary>
    public const string ConfirmedLinePrefix = "Prediction confirmed by ";

    /// <summary>A person (or user impact) confirms a predicted incident: it becomes a normal New incident.</summary>
    public Incident Confirm(string actor, DateTimeOffset at) => MoveTo(IncidentState.New, ConfirmedLinePrefix + actor, at);

    /// <summary>When a predicted incident was confirmed (its first confirmation line), or null when it never was.</summary>
    public static DateTimeOffset? ConfirmedAt(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        foreach (var entry in incident.Timeline)
        {
            if (entry.Kind == TimelineEntryKind.StateChanged && entry.Text.StartsWith(ConfirmedLinePrefix, StringComparison.Ordinal))
            {
                return entry.At;
            }
        }

        return null;
    }

    /// <summary>A person dismisses a predicted incident with a reason: closed, and the reason becomes a training label.</summary>
    public Incident Dismiss(string actor, string reason, DateTimeOffset at) =>
        MoveTo(IncidentState.Closed, $"Prediction dismissed by {actor}: {reason}", at) with { ClosedAt = at };

    public Incident Close(string reason, DateTimeOffset at) => MoveTo(IncidentState.Closed, $"Closed: {reason}", at) with { ClosedAt = at };

    private Incident MoveTo(IncidentState target, string text, DateTimeOffset at)
    {
        if (!IncidentStates.CanMove(State, target))
        {
            throw new InvalidOperationException($"Incident {Id} cannot move from {State} to {target}.");
        }

        return this with
        {
            State = target,
            UpdatedAt = Later(at),
            Timeline = Timeline.Add(new TimelineEntry(at, TimelineEntryKind.StateChanged, text)),
        };
    }

    private void RequireActive(string action)
    {
        if (!IsActive)
        {
            throw new InvalidOperationException($"Cannot {action} incident {Id}: it is {State}.");
        }
    }

    private DateTimeOffset Later(DateTimeOffset at) => Later(UpdatedAt, at);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
