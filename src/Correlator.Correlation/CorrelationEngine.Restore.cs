using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>Rebuilds the working state from what the store holds, so a restart continues where it stopped.</summary>
    private void Restore(PipelineSnapshot snapshot)
    {
        _watermark = snapshot.Watermark;
        _lastIncidentId = snapshot.LastIncidentId;
        foreach (var incident in snapshot.OpenIncidents.OrderBy(i => i.Id))
        {
            if (incident.State == IncidentState.Closed)
            {
                continue;
            }

            _tracks[incident.Id] = new IncidentTrack(incident);
            _groups[incident.GroupKey] = incident.Id;
            _lastIncidentId = Math.Max(_lastIncidentId, incident.Id);
        }

        // Of several lives of one fingerprint, the latest one is current.
        foreach (var state in snapshot.Signals.OrderBy(s => s.FirstSeenAt))
        {
            _signals[state.Fingerprint] = state;
        }

        foreach (var state in _signals.Values)
        {
            if (state.IncidentId is not { } id || !_tracks.TryGetValue(id, out var track))
            {
                continue;
            }

            if (state.Latest.IsFiring)
            {
                track.Firing++;
            }

            AddComponents(track, state.Latest);
        }

        foreach (var track in _tracks.Values)
        {
            var incident = track.Incident;
            if (incident.IsActive && track.Firing == 0)
            {
                track.QuietSince = incident.LastSignalAt;
                Schedule(incident.Id, TimerKind.Resolve, incident.LastSignalAt + _options.QuietPeriod);
            }
            else if (incident.State == IncidentState.Resolved && incident.ResolvedAt is { } resolvedAt)
            {
                Schedule(incident.Id, TimerKind.Close, resolvedAt + _options.AutoCloseAfter);
            }
        }
    }
}
