using System.Globalization;
using System.Text;
using Correlator.Correlation.Rules;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>
    /// Decides where a newly firing condition goes, in order: a maintenance window (suppress or downgrade), an
    /// inhibition rule (into the source's incident), the incident of its group key, a topology neighbour's
    /// incident, a pending group below its rule's thresholds, or a new incident. <paramref name="previous"/> is
    /// its state when it was already known but unassigned (held or suppressed).
    /// </summary>
    private void Group(Signal signal, ChangeSet changes, SignalState? previous = null)
    {
        var at = signal.EventTime;
        var note = string.Empty;
        if (previous is null && Learner is { } learner && ComponentOf(signal) is { } component)
        {
            learner.Observe(signal.Name, component, at);
        }

        if (_rules.Maintenance.Count > 0 && _rules.MaintenanceFor(signal, at) is { } window)
        {
            if (window.Action == MaintenanceAction.Suppress)
            {
                Suppress(signal, window, previous, changes);
                return;
            }

            if (signal.Severity > window.DowngradeTo)
            {
                note = $" (severity {SeverityNames.ToName(signal.Severity)} -> {SeverityNames.ToName(window.DowngradeTo)} by maintenance window {window.Name})";
                signal = signal with { Severity = window.DowngradeTo };
                Stats.CountDowngraded();
            }
        }

        if (_rules.Inhibitions.Count > 0 && TryInhibit(signal, note, previous, changes))
        {
            return;
        }

        var rule = _rules.Grouping.Count == 0 ? null : _rules.GroupingFor(signal);
        var key = rule is null ? null : KeyOf(rule, signal);
        if (FindGroup(key, signal) is { } existing)
        {
            if (CanTakeBack(existing, at, signal.Fingerprint))
            {
                // The group's key is its incident's: a signal joining needs no key string of its own.
                existing.JoinRule ??= $"group {existing.Incident.GroupKey}: joined incident {existing.Incident.Id.ToString(CultureInfo.InvariantCulture)} within window {WindowOf(existing)}";
                Join(existing, signal, note.Length == 0 ? existing.JoinRule : existing.JoinRule + note, previous, changes);
                Stats.CountAttached(Stats.Source(signal.Source));
                return;
            }

            NoteCap(existing, at, changes);
        }

        if (_rules.Topology.Enabled && TryJoinByTopology(signal, note, previous, changes))
        {
            return;
        }

        key ??= _groupKeys.For(signal);

        if (rule is { HasThreshold: true })
        {
            OpenOrHold(key, rule, signal, note, previous, changes);
            return;
        }

        Open(key, rule, [signal], $"group {key}: first firing signal{note}", null, previous, changes);
    }

    /// <summary>
    /// The incident (not closed) of the signal's group: by <paramref name="key"/> under a rule, else by the default key,
    /// looked up from a stack buffer when it is a single <c>field=value</c> (the key string is made only to open).
    /// </summary>
    private IncidentTrack? FindGroup(string? key, Signal signal)
    {
        long id;
        if (key is not null)
        {
            return _groups.TryGetValue(key, out id) && _tracks.TryGetValue(id, out var track) ? track : null;
        }

        Span<char> buffer = stackalloc char[128];
        var found = _groupKeys.TryWrite(signal, buffer, out int written)
            ? _groups.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..written], out id)
            : _groups.TryGetValue(_groupKeys.For(signal), out id);
        return found && _tracks.TryGetValue(id, out var existing) ? existing : null;
    }

    /// <summary>Opens an incident with the first signal and attaches the others (signals held until a threshold was met).</summary>
    private IncidentTrack Open(string key, GroupingRule? rule, List<Signal> signals, string openRule, string? joinRule, SignalState? previous, ChangeSet changes)
    {
        var first = signals[0];
        var at = signals[^1].EventTime;
        var id = ++_lastIncidentId;
        var opened = Incident.Open(id, key, first, openRule, at);
        var track = new IncidentTrack(opened) { Rule = rule };
        changes.Put(opened, null);
        _tracks[id] = track;
        _groups[key] = id;
        Stats.CountOpened(Stats.Source(first.Source));
        Bind(track, first, signals.Count == 1 ? previous : _signals.GetValueOrDefault(first.Fingerprint), changes);
        for (int i = 1; i < signals.Count; i++)
        {
            var signal = signals[i];
            Update(track, track.Incident.Attach(signal, joinRule ?? openRule, at), changes);
            Bind(track, signal, _signals.GetValueOrDefault(signal.Fingerprint), changes);
        }

        return track;
    }

    /// <summary>Attaches a signal to an incident that can take it.</summary>
    private void Join(IncidentTrack track, Signal signal, string rule, SignalState? previous, ChangeSet changes)
    {
        var incident = ReopenIfResolved(track, signal, changes);
        var linked = incident.IsLinked(signal.Fingerprint);
        Update(track, linked ? incident.RecordSignalStatus(signal, signal.EventTime) : incident.Attach(signal, rule, signal.EventTime), changes);
        Bind(track, signal, previous, changes);
    }

    /// <summary>The engine's side of a signal joining an incident: counts, components, priority, the signal's state.</summary>
    private void Bind(IncidentTrack track, Signal signal, SignalState? previous, ChangeSet changes)
    {
        var at = signal.EventTime;
        var id = track.Incident.Id;
        track.Firing++;
        track.QuietSince = null;
        AddComponents(track, signal);
        Update(track, _assessor.Assess(track.Incident, track.ResourceCount, at), changes);
        var state = previous is null
            ? new SignalState(signal, at, at, 1, id)
            : previous with { Latest = signal, LastSeenAt = previous.LastSeenAt > at ? previous.LastSeenAt : at, IncidentId = id };
        _signals[signal.Fingerprint] = state;
        changes.Put(state);
        IndexFiring(signal, id);
    }

    /// <summary>
    /// An active incident takes a signal while it still fires or saw a signal within the window, and while it is
    /// younger than its rule's lifetime cap; a resolved one takes back only a signal it already holds, within
    /// the reopen window (new signals never join a resolved incident); a closed one never.
    /// </summary>
    private bool CanTakeBack(IncidentTrack track, DateTimeOffset at, string fingerprint)
    {
        var incident = track.Incident;
        if (track.Rule?.MaxLifetime is { } cap && at > incident.OpenedAt + cap)
        {
            return false;
        }

        if (incident.IsActive)
        {
            return track.Firing > 0 || at <= incident.LastSignalAt + WindowOf(track);
        }

        return incident.State == IncidentState.Resolved && incident.ResolvedAt is { } resolvedAt && at <= resolvedAt + _options.ReopenWindow
            && incident.IsLinked(fingerprint);
    }

    private TimeSpan WindowOf(IncidentTrack track) => track.Rule?.Window ?? _options.Window;

    private static void NoteCap(IncidentTrack track, DateTimeOffset at, ChangeSet changes)
    {
        if (track.CapNoted || track.Rule?.MaxLifetime is not { } cap || at <= track.Incident.OpenedAt + cap || !track.Incident.IsActive)
        {
            return;
        }

        track.CapNoted = true;
        Update(track, track.Incident.Note($"Lifetime cap {cap} of rule {track.Rule.Name} reached: new signals of group {track.Incident.GroupKey} open a new incident", at), changes);
    }

    private Incident ReopenIfResolved(IncidentTrack track, Signal signal, ChangeSet changes)
    {
        if (track.Incident.State != IncidentState.Resolved)
        {
            return track.Incident;
        }

        Stats.CountReopened();
        Update(track, track.Incident.Reopen($"{signal.Name} ({signal.Fingerprint}) fired within the reopen window {_options.ReopenWindow}", signal.EventTime), changes);
        return track.Incident;
    }

    /// <summary>The group key under a rule: its name and the values of its <c>by</c> fields, e.g. <c>per-service:service=checkout</c>.</summary>
    private static string KeyOf(GroupingRule rule, Signal signal)
    {
        var key = new StringBuilder(rule.Name).Append(':');
        for (int i = 0; i < rule.By.Count; i++)
        {
            if (i > 0)
            {
                key.Append(',');
            }

            key.Append(rule.By[i]).Append('=').Append(SignalMatcher.ValueOf(signal, rule.By[i]));
        }

        return key.ToString();
    }

    /// <summary>The rule a stored group key was made by (restart, reload), or null for the default grouping.</summary>
    private GroupingRule? RuleOfKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var equals = key.IndexOf('=', StringComparison.Ordinal);
        return colon > 0 && (equals < 0 || colon < equals) ? _rules.GroupingNamed(key[..colon]) : null;
    }
}
