using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>
/// The correlation stage, pure and single-threaded: maps severities, deduplicates signals by fingerprint,
/// holds flapping signals, applies maintenance windows and inhibition, groups firing signals by rule (or by
/// the default group key) and by topology into incidents, resolves an incident when all its signals stayed
/// resolved for a quiet period, and closes it later. Event time drives everything, so the same input in
/// the same order with the same rules always gives the same incidents.
/// </summary>
public sealed partial class CorrelationEngine
{
    private readonly CorrelationOptions _options;
    private readonly GroupKeys _groupKeys;
    private readonly IncidentAssessor _assessor;
    private readonly Dictionary<string, SignalState> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<long, IncidentTrack> _tracks = [];
    private readonly Dictionary<string, long> _groups = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(long IncidentId, TimerKind Kind, DateTimeOffset Due), DateTimeOffset> _timers = new();
    private DateTimeOffset? _watermark;
    private long _lastIncidentId;
    private RuleSet _rules = RuleSet.Empty;
    private TopologyGraph _topology = TopologyGraph.Empty;

    /// <param name="stats">Counters to add to, so they survive a rebuild of the engine; new ones when null.</param>
    public CorrelationEngine(CorrelationOptions options, PriorityMatrix matrix, PipelineSnapshot snapshot, CorrelationStats? stats = null, RuleSet? rules = null, TopologyGraph? topology = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(snapshot);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        Stats = stats ?? new CorrelationStats();
        _groupKeys = new GroupKeys(options.GroupBy);
        _assessor = new IncidentAssessor(options, matrix);
        _rules = rules ?? RuleSet.Empty;
        _topology = topology ?? TopologyGraph.Empty;
        Restore(snapshot);
        UseRules(_rules);
    }

    private enum TimerKind
    {
        Resolve,
        Close,
    }

    public CorrelationStats Stats { get; }

    /// <summary>The latest event time seen; timers up to it have fired.</summary>
    public DateTimeOffset? Watermark => _watermark;

    /// <summary>Incidents not yet closed.</summary>
    public int OpenIncidentCount => _tracks.Count;

    /// <summary>Processes one signal and records every change in <paramref name="changes"/>.</summary>
    public void Process(Signal signal, ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(changes);
        var source = Stats.CountReceived(signal.Source);
        AdvanceTo(signal.EventTime, changes);
        signal = MapSeverity(signal);
        if (!_signals.TryGetValue(signal.Fingerprint, out var state))
        {
            HandleNew(signal, changes);
        }
        else if (signal.EventId is not null && signal.EventId == state.Latest.EventId)
        {
            Stats.CountRedelivered(source);
        }
        else if (signal.Status == state.Latest.Status)
        {
            Stats.CountDeduplicated(source);
            Repeat(state, signal, changes);
        }
        else if (signal.EventTime < state.Latest.EventTime)
        {
            Stats.CountStale();
        }
        else if (signal.IsFiring)
        {
            Refire(state, signal, changes);
        }
        else
        {
            ResolveSignal(state, signal, changes);
        }

        Stamp(changes);
    }

    private void HandleNew(Signal signal, ChangeSet changes)
    {
        if (signal.IsFiring)
        {
            Group(signal, changes);
            return;
        }

        // A clear for a condition never seen firing is kept for the record but opens nothing.
        Stats.CountResolvedUnknown();
        changes.Put(new SignalState(signal, signal.StartsAt, signal.EventTime, 1, null));
    }

    private void Repeat(SignalState state, Signal signal, ChangeSet changes)
    {
        var latest = signal.EventTime >= state.Latest.EventTime ? signal : state.Latest;
        var lastSeen = signal.EventTime > state.LastSeenAt ? signal.EventTime : state.LastSeenAt;
        var next = state with { Latest = latest, LastSeenAt = lastSeen, Occurrences = state.Occurrences + 1 };
        _signals[signal.Fingerprint] = next;
        changes.Put(next, before: state);
        if (next.IncidentId is null && signal.IsFiring && latest.IsFiring)
        {
            // Held below a threshold or suppressed by maintenance: each repeat is another chance to group it.
            Group(latest, changes, next);
        }
    }

    private void ResolveSignal(SignalState state, Signal signal, ChangeSet changes)
    {
        if (HoldIfFlapping(state, signal, changes))
        {
            return;
        }

        var next = state with { Latest = signal, LastSeenAt = signal.EventTime, Occurrences = state.Occurrences + 1 };
        _signals[signal.Fingerprint] = next;
        changes.Put(next);
        ResolveInIncident(next, signal, changes);
    }

    /// <summary>The incident's side of a signal clearing: a timeline line, one fewer firing, maybe the quiet period.</summary>
    private void ResolveInIncident(SignalState state, Signal signal, ChangeSet changes)
    {
        UnindexFiring(signal);
        if (state.IncidentId is not { } id || !_tracks.TryGetValue(id, out var track))
        {
            DropPending(signal);
            return;
        }

        Update(track, track.Incident.RecordSignalStatus(signal, signal.EventTime), changes);
        track.Firing--;
        if (track.Firing == 0 && track.Incident.IsActive)
        {
            // Quiet since the latest signal activity, not since this clear: a clear that arrives late may be
            // older than another signal's, and a restart (which only has LastSignalAt) must agree.
            var quietSince = track.Incident.LastSignalAt;
            track.QuietSince = quietSince;
            Schedule(id, TimerKind.Resolve, quietSince + _options.QuietPeriod);
        }
    }

    private void Refire(SignalState state, Signal signal, ChangeSet changes)
    {
        if (HoldIfFlapping(state, signal, changes))
        {
            return;
        }

        RefireInIncident(state with { Occurrences = state.Occurrences + 1 }, signal, changes);
    }

    /// <summary>A signal fires again: back into its incident if that can take it, otherwise a new life.</summary>
    private void RefireInIncident(SignalState state, Signal signal, ChangeSet changes)
    {
        if (state.IncidentId is { } id && _tracks.TryGetValue(id, out var track) && CanTakeBack(track, signal.EventTime, signal.Fingerprint))
        {
            var next = state with { Latest = signal, LastSeenAt = signal.EventTime };
            _signals[signal.Fingerprint] = next;
            changes.Put(next);
            var incident = ReopenIfResolved(track, signal, changes);
            Update(track, incident.RecordSignalStatus(signal, signal.EventTime), changes);
            track.Firing++;
            track.QuietSince = null;
            IndexFiring(signal, id);
            return;
        }

        // Its incident is gone, capped or past the reopen window: the condition starts a new life.
        Group(signal, changes);
    }

    private void Stamp(ChangeSet changes)
    {
        changes.Watermark = _watermark;
        changes.LastIncidentId = _lastIncidentId;
    }

    private static void Update(IncidentTrack track, Incident next, ChangeSet changes)
    {
        changes.Put(next, track.Incident);
        track.Incident = next;
    }
}
