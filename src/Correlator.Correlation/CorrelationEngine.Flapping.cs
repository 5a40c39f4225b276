using System.Globalization;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    private readonly Dictionary<string, FlapTrack> _flaps = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(string Fingerprint, DateTimeOffset Due), DateTimeOffset> _flapTimers = new();

    /// <summary>
    /// Counts a status change against the signal's flapping rule. Once it changed more than <c>max_changes</c>
    /// times within the window it is flapping: this and later changes only update the signal's state (its
    /// incident keeps the status it was last told, and nothing is re-notified) until it stays unchanged for
    /// <c>stable_for</c>. Returns whether the change was held.
    /// </summary>
    private bool HoldIfFlapping(SignalState state, Signal signal, ChangeSet changes)
    {
        if (_rules.Flapping.Count == 0 || state.IncidentId is not { } id || !_tracks.TryGetValue(id, out var track) || !track.Incident.IsActive
            || _rules.FlappingFor(signal) is not { } rule)
        {
            return false;
        }

        var at = signal.EventTime;
        if (!_flaps.TryGetValue(signal.Fingerprint, out var flap))
        {
            _flaps[signal.Fingerprint] = flap = new FlapTrack();
        }

        flap.Changes.Enqueue(at);
        while (flap.Changes.Count > 0 && flap.Changes.Peek() < at - rule.Window)
        {
            flap.Changes.Dequeue();
        }

        flap.LastChange = at;
        if (!flap.Flapping)
        {
            if (flap.Changes.Count <= rule.MaxChanges)
            {
                return false;
            }

            flap.Flapping = true;
            flap.Rule = rule;
            Stats.CountFlappingStarted();
            if (!state.Latest.IsFiring)
            {
                // Held as firing: a flapping condition is not over, so its incident must not go quiet meanwhile.
                track.Firing++;
                track.QuietSince = null;
            }

            var text = $"{signal.Name} ({signal.Fingerprint}) is flapping: {flap.Changes.Count.ToString(CultureInfo.InvariantCulture)} status changes within {rule.Window} (rule {rule.Name}, more than {rule.MaxChanges.ToString(CultureInfo.InvariantCulture)}); held as firing until unchanged for {rule.StableFor}";
            Update(track, track.Incident.Note(text, at, signal.Fingerprint), changes);
        }

        var next = state with { Latest = signal, LastSeenAt = at, Occurrences = state.Occurrences + 1 };
        _signals[signal.Fingerprint] = next;
        changes.Put(next);
        Stats.CountFlappingHeld(Stats.Source(signal.Source));
        var due = at + (flap.Rule ?? rule).StableFor;
        _flapTimers.Enqueue((signal.Fingerprint, due), due);
        return true;
    }

    /// <summary>A flapping signal unchanged for its rule's stable time: its incident learns its current status.</summary>
    private void FireFlapTimer(string fingerprint, DateTimeOffset due, ChangeSet changes)
    {
        if (!_flaps.TryGetValue(fingerprint, out var flap) || !flap.Flapping || flap.Rule is null || flap.LastChange + flap.Rule.StableFor != due)
        {
            return;
        }

        _flaps.Remove(fingerprint);
        if (!_signals.TryGetValue(fingerprint, out var state))
        {
            return;
        }

        if (state.IncidentId is { } id && _tracks.TryGetValue(id, out var track))
        {
            Update(track, track.Incident.Note($"{state.Latest.Name} ({fingerprint}) stable for {flap.Rule.StableFor}: no longer flapping, now {(state.Latest.IsFiring ? "firing" : "resolved")}", due, fingerprint), changes);
        }

        // It was held as firing: only a clear has to reach the incident.
        if (!state.Latest.IsFiring)
        {
            ResolveInIncident(state, state.Latest, changes);
        }
    }
}
