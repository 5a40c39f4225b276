using Correlator.Correlation.Rules;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    private readonly Dictionary<string, PendingGroup> _pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Holds a signal in its group's pending set until the rule's <c>min_occurrences</c> (notifications) and
    /// <c>min_signals</c> (distinct fingerprints) are reached within its window; then opens one incident with all
    /// the held signals, each linked with the rule that held it.
    /// </summary>
    private void OpenOrHold(string key, GroupingRule rule, Signal signal, string note, SignalState? previous, ChangeSet changes)
    {
        var at = signal.EventTime;
        if (!_pending.TryGetValue(key, out var group))
        {
            _pending[key] = group = new PendingGroup();
        }

        group.Prune(at - rule.Window);
        group.Add(signal);
        var state = previous is null ? new SignalState(signal, at, at, 1, null) : previous with { Latest = signal };
        _signals[signal.Fingerprint] = state;
        changes.Put(state);
        if (group.Occurrences < rule.MinOccurrences || group.Entries.Count < rule.MinSignals)
        {
            Stats.CountPending(Stats.Source(signal.Source));
            return;
        }

        _pending.Remove(key);
        var signals = group.Entries.OrderBy(e => e.Signal.StartsAt).ThenBy(e => e.LastSeen).Select(e => e.Signal).ToList();
        var threshold = $"{group.Occurrences} occurrence(s) of {signals.Count} signal(s) within {rule.Window} (min_occurrences {rule.MinOccurrences}, min_signals {rule.MinSignals})";
        Open(key, rule, signals, $"group {key}: opened once {threshold}{note}", $"group {key}: held until {threshold}", state, changes);
    }

    /// <summary>A held signal that clears no longer counts towards its group's thresholds.</summary>
    private void DropPending(Signal signal)
    {
        if (_pending.Count == 0 || _rules.GroupingFor(signal) is not { HasThreshold: true } rule)
        {
            return;
        }

        var key = KeyOf(rule, signal);
        if (_pending.TryGetValue(key, out var group))
        {
            group.Remove(signal.Fingerprint);
            if (group.Entries.Count == 0)
            {
                _pending.Remove(key);
            }
        }
    }
}
