using System.Globalization;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    // Per inhibition rule and source matcher: the firing signals that match it, by their 'equal' label values.
    private readonly Dictionary<(int Rule, int Source, string Equal), Dictionary<string, (long IncidentId, DateTimeOffset At)>> _inhibitors = [];

    /// <summary>The rules in force.</summary>
    public RuleSet Rules => _rules;

    /// <summary>The dependency graph in force.</summary>
    public TopologyGraph Topology => _topology;

    /// <summary>
    /// Swaps in a new rule set (hot reload) between two signals. Open incidents keep their group keys; those
    /// made by a rule that still exists follow its new settings. The inhibition index is rebuilt from the
    /// signals firing now.
    /// </summary>
    public void UseRules(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        foreach (var track in _tracks.Values)
        {
            track.Rule = RuleOfKey(track.Incident.GroupKey);
        }

        _inhibitors.Clear();
        if (rules.Inhibitions.Count > 0)
        {
            foreach (var state in _signals.Values.OrderBy(s => s.LastSeenAt).ThenBy(s => s.Fingerprint, StringComparer.Ordinal))
            {
                if (state.Latest.IsFiring && state.IncidentId is { } id && _tracks.ContainsKey(id))
                {
                    IndexFiring(state.Latest, id, state.LastSeenAt);
                }
            }
        }
    }

    /// <summary>Swaps in a new dependency graph (hot reload) between two signals.</summary>
    public void UseTopology(TopologyGraph topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
    }

    private Signal MapSeverity(Signal signal)
    {
        if (_rules.Severity.Count == 0 || _rules.SeverityFor(signal) is not { } mapping)
        {
            return signal;
        }

        var severity = mapping.Apply(signal.Severity);
        if (severity == signal.Severity)
        {
            return signal;
        }

        Stats.CountSeverityMapped();
        return signal with { Severity = severity };
    }

    /// <summary>
    /// A signal inside a suppressing maintenance window opens and joins nothing; its state is kept (so it groups
    /// once the window is over and it still fires), and the incident of its group, if one is active, notes it.
    /// </summary>
    private void Suppress(Signal signal, MaintenanceWindow window, SignalState? previous, ChangeSet changes)
    {
        var at = signal.EventTime;
        var state = previous is null ? new SignalState(signal, at, at, 1, null) : previous with { Latest = signal };
        _signals[signal.Fingerprint] = state;
        changes.Put(state);
        Stats.CountSuppressed(Stats.Source(signal.Source));
        if (previous is not null)
        {
            return;
        }

        var rule = _rules.Grouping.Count == 0 ? null : _rules.GroupingFor(signal);
        var key = rule is null ? _groupKeys.For(signal) : KeyOf(rule, signal);
        if (_groups.TryGetValue(key, out var id) && _tracks.TryGetValue(id, out var track) && track.Incident.IsActive)
        {
            Update(track, track.Incident.Note($"Suppressed {signal.Name} ({signal.Fingerprint}) from {signal.Source}: maintenance window {window.Name}", at, signal.Fingerprint), changes);
        }
    }

    /// <summary>
    /// When every source matcher of an inhibition rule has a firing signal with the same 'equal' values, the
    /// target goes into the incident of the latest of those sources instead of opening its own.
    /// </summary>
    private bool TryInhibit(Signal signal, string note, SignalState? previous, ChangeSet changes)
    {
        var inhibitions = _rules.Inhibitions;
        for (int r = 0; r < inhibitions.Count; r++)
        {
            var rule = inhibitions[r];
            if (!rule.Target.Matches(signal) || rule.Sources.Any(s => s.Matches(signal)))
            {
                continue;
            }

            var equal = EqualKey(rule, signal);
            (string Fingerprint, long IncidentId, DateTimeOffset At)? latest = null;
            var causes = new List<string>(rule.Sources.Count);
            bool all = true;
            for (int s = 0; s < rule.Sources.Count && all; s++)
            {
                if (!_inhibitors.TryGetValue((r, s, equal), out var firing) || firing.Count == 0)
                {
                    all = false;
                    break;
                }

                var best = firing.OrderByDescending(f => f.Value.At).ThenByDescending(f => f.Value.IncidentId).ThenBy(f => f.Key, StringComparer.Ordinal).First();
                causes.Add($"{_signals[best.Key].Latest.Name} ({best.Key})");
                if (latest is null || best.Value.At > latest.Value.At || (best.Value.At == latest.Value.At && best.Value.IncidentId > latest.Value.IncidentId))
                {
                    latest = (best.Key, best.Value.IncidentId, best.Value.At);
                }
            }

            if (!all || latest is not { } cause || !_tracks.TryGetValue(cause.IncidentId, out var track) || !track.Incident.IsActive)
            {
                continue;
            }

            var equalText = rule.Equal.Count == 0 ? string.Empty : $" with equal {string.Join(",", rule.Equal.Select(e => e + "=" + SignalMatcher.ValueOf(signal, e)))}";
            Join(track, signal, $"inhibit {rule.Name}: suppressed while {string.Join(" and ", causes)} fire{equalText}{note}", previous, changes);
            Stats.CountInhibited(Stats.Source(signal.Source));
            return true;
        }

        return false;
    }

    private void IndexFiring(Signal signal, long incidentId) => IndexFiring(signal, incidentId, signal.EventTime);

    private void IndexFiring(Signal signal, long incidentId, DateTimeOffset at)
    {
        var inhibitions = _rules.Inhibitions;
        for (int r = 0; r < inhibitions.Count; r++)
        {
            var rule = inhibitions[r];
            for (int s = 0; s < rule.Sources.Count; s++)
            {
                if (!rule.Sources[s].Matches(signal))
                {
                    continue;
                }

                var key = (r, s, EqualKey(rule, signal));
                if (!_inhibitors.TryGetValue(key, out var firing))
                {
                    _inhibitors[key] = firing = new Dictionary<string, (long, DateTimeOffset)>(StringComparer.Ordinal);
                }

                firing[signal.Fingerprint] = (incidentId, at);
            }
        }
    }

    private void UnindexFiring(Signal signal)
    {
        var inhibitions = _rules.Inhibitions;
        for (int r = 0; r < inhibitions.Count; r++)
        {
            var rule = inhibitions[r];
            for (int s = 0; s < rule.Sources.Count; s++)
            {
                if (rule.Sources[s].Matches(signal) && _inhibitors.TryGetValue((r, s, EqualKey(rule, signal)), out var firing))
                {
                    firing.Remove(signal.Fingerprint);
                }
            }
        }
    }

    private static string EqualKey(InhibitionRule rule, Signal signal)
    {
        if (rule.Equal.Count == 0)
        {
            return string.Empty;
        }

        return string.Join('\u001f', rule.Equal.Select(e => SignalMatcher.ValueOf(signal, e) ?? string.Empty));
    }

    private static string Hops(int hops) => hops.ToString(CultureInfo.InvariantCulture) + (hops == 1 ? " hop" : " hops");
}
