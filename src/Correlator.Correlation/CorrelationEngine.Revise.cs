using Correlator.Domain;

namespace Correlator.Correlation;

public sealed partial class CorrelationEngine
{
    /// <summary>The open (not closed) incident with this id, or null.</summary>
    public Incident? FindOpen(long incidentId) => _tracks.TryGetValue(incidentId, out var track) ? track.Incident : null;

    /// <summary>The incident the signal with this fingerprint belongs to now, if any.</summary>
    public long? IncidentOf(string fingerprint) => _signals.TryGetValue(fingerprint, out var state) ? state.IncidentId : null;

    /// <summary>
    /// Applies a change decided outside correlation (a prediction, a person's confirm or dismiss) to an open
    /// incident and records it in <paramref name="changes"/>; a change that closes the incident makes the engine
    /// forget it, as its close timer would. Returns the new version, or null when the incident is not open here.
    /// The change may throw (a move the state machine forbids): the engine is then left as it was.
    /// </summary>
    public Incident? Revise(long incidentId, Func<Incident, Incident> change, ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changes);
        if (!_tracks.TryGetValue(incidentId, out var track))
        {
            return null;
        }

        var next = change(track.Incident);
        if (next.Id != incidentId)
        {
            throw new InvalidOperationException($"A revision of incident {incidentId} returned incident {next.Id}.");
        }

        Update(track, next, changes);
        if (next.State == IncidentState.Closed)
        {
            foreach (var link in next.Links)
            {
                if (_signals.TryGetValue(link.Fingerprint, out var state) && state.IncidentId == incidentId && state.Latest.IsFiring)
                {
                    UnindexFiring(state.Latest);
                }
            }

            Forget(track);
            Stats.CountClosed();
        }

        Stamp(changes);
        return next;
    }
}
