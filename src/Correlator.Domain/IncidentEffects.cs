using System.Globalization;

namespace Correlator.Domain;

/// <summary>
/// Derives the outward effects of a committed change set, per incident and in timeline order: opened →
/// create the ticket; new links → one comment with the new signals; each priority change → update; each state
/// change → resolve / reopen / close / state update. Keys are built from the position of the link or timeline
/// line that caused the effect, so deriving the same change twice gives the same keys.
/// </summary>
public static class IncidentEffects
{
    public static IEnumerable<OutboxEffect> Derive(ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Dictionary<string, Signal>? signals = null;
        foreach (var incident in changes.Incidents)
        {
            var (storedLinks, storedEntries) = changes.StoredCounts(incident.Id);
            if (storedLinks >= incident.Links.Count && storedEntries >= incident.Timeline.Count)
            {
                continue;
            }

            signals ??= changes.Signals.GroupBy(s => s.Fingerprint, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.LastSeenAt).First().Latest, StringComparer.Ordinal);
            foreach (var effect in Derive(incident, storedLinks, storedEntries, signals))
            {
                yield return effect;
            }
        }
    }

    private static IEnumerable<OutboxEffect> Derive(Incident incident, int storedLinks, int storedEntries, Dictionary<string, Signal> signals)
    {
        var stream = OutboxKinds.IncidentStream(incident.Id);
        bool opened = storedEntries == 0 && incident.Timeline.Count > 0 && incident.Timeline[0].Kind == TimelineEntryKind.Opened;
        if (opened)
        {
            var links = incident.Links.Count;
            yield return Effect(incident, stream, OutboxKinds.IncidentOpened, $"{stream}/opened", [incident.Timeline[0].Text], Signals(incident, 0, links, signals));
            storedLinks = links;
        }

        if (storedLinks < incident.Links.Count)
        {
            var key = $"{stream}/links/{Number(storedLinks)}-{Number(incident.Links.Count - 1)}";
            var added = Signals(incident, storedLinks, incident.Links.Count, signals);
            var notes = added.Select(s => $"Signal attached: {s.Name} ({s.Fingerprint}) from {s.Source} by {s.Rule}").ToList();
            yield return Effect(incident, stream, OutboxKinds.SignalsAttached, key, notes, added);
        }

        for (int seq = Math.Max(storedEntries, opened ? 1 : 0); seq < incident.Timeline.Count; seq++)
        {
            var entry = incident.Timeline[seq];
            var kind = entry.Kind switch
            {
                TimelineEntryKind.PriorityChanged => OutboxKinds.PriorityChanged,
                TimelineEntryKind.StateChanged => StateKind(entry.Text),
                _ => null,
            };
            if (kind is not null)
            {
                yield return Effect(incident, stream, kind, $"{stream}/timeline/{Number(seq)}", [entry.Text], []);
            }
        }
    }

    // The lifecycle methods of Incident write these prefixes (Incident.Lifecycle.cs); IncidentEffectsTests pins them.
    private static string StateKind(string text) =>
        text.StartsWith("Resolved:", StringComparison.Ordinal) ? OutboxKinds.Resolved
        : text.StartsWith("Reopened:", StringComparison.Ordinal) ? OutboxKinds.Reopened
        : text.StartsWith("Closed:", StringComparison.Ordinal) ? OutboxKinds.Closed
        : text.StartsWith("Predicted:", StringComparison.Ordinal) ? OutboxKinds.Predicted
        : text.StartsWith("Prediction dismissed", StringComparison.Ordinal) ? OutboxKinds.Closed
        : OutboxKinds.StateChanged;

    private static List<EffectSignal> Signals(Incident incident, int from, int to, Dictionary<string, Signal> signals)
    {
        var list = new List<EffectSignal>(to - from);
        for (int i = from; i < to; i++)
        {
            var link = incident.Links[i];
            var signal = signals.GetValueOrDefault(link.Fingerprint);
            list.Add(new EffectSignal(link.Fingerprint, signal?.Source ?? "unknown", signal?.Name ?? link.Fingerprint,
                SeverityNames.ToName(signal?.Severity ?? incident.Severity), signal?.Resource, signal?.Summary, link.AttachedAt, link.Rule));
        }

        return list;
    }

    private static OutboxEffect Effect(Incident incident, string stream, string kind, string key, List<string> notes, List<EffectSignal> added)
    {
        var payload = new IncidentEffect
        {
            IncidentId = incident.Id,
            Title = incident.Title,
            Service = incident.Service,
            ConfigurationItem = added.Count > 0 && kind == OutboxKinds.IncidentOpened ? added[0].Resource : null,
            State = IncidentStates.ToName(incident.State),
            Priority = "P" + ((int)incident.Priority).ToString(CultureInfo.InvariantCulture),
            Impact = Level(incident.Impact == Impact.High, incident.Impact == Impact.Medium),
            Urgency = Level(incident.Urgency == Urgency.High, incident.Urgency == Urgency.Medium),
            Severity = SeverityNames.ToName(incident.Severity),
            OpenedAt = incident.OpenedAt,
            UpdatedAt = incident.UpdatedAt,
            ResolvedAt = incident.ResolvedAt,
            ClosedAt = incident.ClosedAt,
            Notes = notes,
            Signals = added,
        };
        return new OutboxEffect(stream, kind, key, OutboxJson.Write(payload));
    }

    private static string Level(bool high, bool medium) => high ? "high" : medium ? "medium" : "low";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
