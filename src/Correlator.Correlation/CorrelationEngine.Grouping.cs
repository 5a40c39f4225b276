using System.Globalization;
using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>Puts a newly firing condition into the incident of its group, or opens one.</summary>
    private void Group(Signal signal, ChangeSet changes)
    {
        var key = _groupKeys.For(signal);
        var at = signal.EventTime;
        IncidentTrack track;
        if (_groups.TryGetValue(key, out var id) && _tracks.TryGetValue(id, out var existing) && CanTakeBack(existing, at))
        {
            track = existing;
            var incident = ReopenIfResolved(track, signal, changes);
            track.JoinRule ??= $"group {key}: joined incident {id.ToString(CultureInfo.InvariantCulture)} within window {_options.Window}";
            var linked = incident.IsLinked(signal.Fingerprint);
            Update(track, linked ? incident.RecordSignalStatus(signal, at) : incident.Attach(signal, track.JoinRule, at), changes);
            Stats.CountAttached();
        }
        else
        {
            id = ++_lastIncidentId;
            var opened = Incident.Open(id, key, signal, $"group {key}: first firing signal", at);
            track = new IncidentTrack(opened);
            changes.Put(opened, null);
            _tracks[id] = track;
            _groups[key] = id;
            Stats.CountOpened();
        }

        track.Firing++;
        track.QuietSince = null;
        if (!string.IsNullOrEmpty(signal.Resource))
        {
            track.Resources.Add(signal.Resource);
        }

        Update(track, _assessor.Assess(track.Incident, track.Resources.Count, at), changes);
        var state = new SignalState(signal, at, at, 1, id);
        _signals[signal.Fingerprint] = state;
        changes.Put(state);
    }

    /// <summary>
    /// An active incident takes a signal while it still fires or saw a signal within the window; a
    /// resolved one only within the reopen window; a closed one never.
    /// </summary>
    private bool CanTakeBack(IncidentTrack track, DateTimeOffset at)
    {
        var incident = track.Incident;
        if (incident.IsActive)
        {
            return track.Firing > 0 || at <= incident.LastSignalAt + _options.Window;
        }

        return incident.State == IncidentState.Resolved && incident.ResolvedAt is { } resolvedAt && at <= resolvedAt + _options.ReopenWindow;
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
}
