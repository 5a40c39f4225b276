using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>
    /// Moves event time forward to <paramref name="time"/> and fires the timers due by then: incidents
    /// quiet long enough resolve, incidents resolved long enough close. Earlier times are ignored.
    /// </summary>
    public void AdvanceTo(DateTimeOffset time, ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_watermark is { } current && time <= current)
        {
            return;
        }

        _watermark = time;
        while (true)
        {
            bool incidentDue = _timers.TryPeek(out var timer, out var due) && due <= time;
            bool flapDue = _flapTimers.TryPeek(out var flap, out var flapAt) && flapAt <= time;
            if (flapDue && (!incidentDue || flapAt <= due))
            {
                // A flapping signal settling first, so that a clear it releases starts its incident's quiet period.
                _flapTimers.Dequeue();
                FireFlapTimer(flap.Fingerprint, flap.Due, changes);
            }
            else if (incidentDue)
            {
                _timers.Dequeue();
                if (_tracks.TryGetValue(timer.IncidentId, out var track))
                {
                    Fire(track, timer.Kind, timer.Due, changes);
                }
            }
            else
            {
                break;
            }
        }

        Stamp(changes);
    }

    private void Fire(IncidentTrack track, TimerKind kind, DateTimeOffset due, ChangeSet changes)
    {
        var incident = track.Incident;
        if (kind == TimerKind.Resolve)
        {
            // Stale unless the incident is still quiet since the moment this timer was set for.
            if (!incident.IsActive || track.QuietSince is not { } quietSince || quietSince + _options.QuietPeriod != due)
            {
                return;
            }

            Update(track, incident.Resolve($"all {incident.Links.Count} signal(s) resolved and quiet for {_options.QuietPeriod}", quietSince), changes);
            track.QuietSince = null;
            Stats.CountResolved();
            Schedule(incident.Id, TimerKind.Close, quietSince + _options.AutoCloseAfter);
            return;
        }

        if (incident.State != IncidentState.Resolved || incident.ResolvedAt is not { } resolvedAt || resolvedAt + _options.AutoCloseAfter != due)
        {
            return;
        }

        Update(track, incident.Close($"resolved for {_options.AutoCloseAfter} without recurrence", due), changes);
        Forget(track);
        Stats.CountClosed();
    }

    /// <summary>A closed incident leaves memory: it is in the store, and nothing joins it again.</summary>
    private void Forget(IncidentTrack track)
    {
        var id = track.Incident.Id;
        _tracks.Remove(id);
        RemoveComponents(track);
        var key = track.Incident.GroupKey;
        if (_groups.TryGetValue(key, out var latest) && latest == id)
        {
            _groups.Remove(key);

            // An older incident of the group may still be open (reopened, or left behind by a short window):
            // it becomes the group's incident again, as it would after a restart (see Restore).
            foreach (var other in _tracks.Values)
            {
                if (other.Incident.GroupKey == key && (!_groups.TryGetValue(key, out var best) || other.Incident.Id > best))
                {
                    _groups[key] = other.Incident.Id;
                }
            }
        }

        foreach (var link in track.Incident.Links)
        {
            if (_signals.TryGetValue(link.Fingerprint, out var state) && state.IncidentId == id)
            {
                _signals.Remove(link.Fingerprint);
                _flaps.Remove(link.Fingerprint);
            }
        }
    }

    private void Schedule(long incidentId, TimerKind kind, DateTimeOffset due)
    {
        _timers.Enqueue((incidentId, kind, due), due);
    }
}
