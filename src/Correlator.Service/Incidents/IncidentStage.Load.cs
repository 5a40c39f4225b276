using Correlator.Domain;
using Correlator.Incidents;

namespace Correlator.Service.Incidents;

public sealed partial class IncidentStage
{
    /// <summary>
    /// Rebuilds the manager from the store, then observes every incident correlation holds open (and each managed
    /// incident correlation has closed since), so incidents committed while the stage was down are not missed.
    /// </summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (open, crises) = await _store.LoadManagementAsync(cancellationToken).ConfigureAwait(false);
        _manager = new IncidentManager(_policies, open, crises);
        _evidence.Clear();

        // Count-only changes not written are recounted below from correlation's rows.
        _deferred.Clear();
        Volatile.Write(ref _deferredCount, 0);
        var snapshot = await _store.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var incident in snapshot.OpenIncidents)
        {
            _evidence[incident.Id] = new IncidentEvidence(incident);
        }

        foreach (var state in snapshot.Signals)
        {
            if (state.IncidentId is { } id && _evidence.TryGetValue(id, out var evidence))
            {
                evidence.Add(state.Latest, _options.MaxLabelSetsPerIncident);
            }
        }

        var changes = new ManagementChanges();
        foreach (var evidence in _evidence.Values)
        {
            _manager.Observe(Facts(evidence, rising: false) with { Restored = true }, changes);
        }

        foreach (var managed in open.Where(m => !_evidence.ContainsKey(m.IncidentId)))
        {
            if (await _store.GetIncidentAsync(managed.IncidentId, cancellationToken).ConfigureAwait(false) is { } detail)
            {
                _manager.Observe(new IncidentFacts(detail.Incident, [], [], false), changes);
            }
        }

        if (snapshot.Watermark is { } watermark && watermark > _now)
        {
            _now = watermark;
        }

        await CommitAsync(changes, flush: true).ConfigureAwait(false);
    }

    private void ObservePending(ManagementChanges changes)
    {
        Dictionary<long, (Incident Incident, List<Signal> Signals)> pending;
        DateTimeOffset? watermark;
        long taken;
        lock (_pendingLock)
        {
            taken = _received;
            pending = _pending;
            watermark = _pendingWatermark;
            _pending = [];
            _pendingWatermark = null;
        }

        foreach (var (id, (incident, signals)) in pending.OrderBy(p => p.Key))
        {
            bool known = _evidence.TryGetValue(id, out var evidence);
            evidence ??= new IncidentEvidence(incident);
            var before = known ? evidence.Incident.Links.Count : 0;
            evidence.Incident = incident;
            foreach (var signal in signals)
            {
                evidence.Add(signal, _options.MaxLabelSetsPerIncident);
            }

            _evidence[id] = evidence;
            Manager.Observe(Facts(evidence, rising: known && incident.Links.Count > before), changes);
            if (incident.State == IncidentState.Closed)
            {
                _evidence.Remove(id);
            }
        }

        if (watermark is { } w && w > _now)
        {
            _now = w;
            Manager.AdvanceTo(_now, changes);
        }

        _takenIn = taken;
    }

    // The evidence's own collections, not copies: the manager reads them during Observe only, and copying every
    // resource of a large incident on each pass made a pass cost O(incident size).
    private static IncidentFacts Facts(IncidentEvidence evidence, bool rising) =>
        new(evidence.Incident, evidence.Resources, evidence.Labels, rising);

    [LoggerMessage(EventId = 8100, Level = LogLevel.Error, Message = "Incident management could not commit a pass; it is rebuilt from the store")]
    private partial void LogCommitFailed(Exception error);
}
