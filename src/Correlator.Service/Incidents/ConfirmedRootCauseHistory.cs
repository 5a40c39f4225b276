using Correlator.Correlation.Topology;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Incidents;

/// <summary>
/// The root-cause history the service ranks with (incident page, <c>GET /api/incidents/{id}</c>): the confirmed root
/// causes read from the store at most once per <c>RootCauseHistory:Refresh</c> (bounded by <c>Window</c> and
/// <c>MaxIncidents</c>), so a request never scans the store; a person's confirmation marks the read stale, and a
/// new topology only recounts the rows already read. One read at a time (a gate); readers in between get the last snapshot.
/// </summary>
public sealed class ConfirmedRootCauseHistory(SqliteStore store, IOptions<RootCauseHistoryOptions> options, TimeProvider clock) : IDisposable
{
    private sealed record State(IReadOnlyList<ConfirmedRootCauseRow> Rows, DateTimeOffset ReadAt, TopologyGraph Topology, RootCauseHistorySnapshot Snapshot);

    private readonly RootCauseHistoryOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile State? _state;
    private volatile bool _stale;

    /// <summary>How many times the store was read (for tests and diagnostics).</summary>
    public int Reads { get; private set; }

    /// <summary>The history under <paramref name="topology"/>: the cached one while it is fresh, else read again.</summary>
    public async Task<RootCauseHistorySnapshot> GetAsync(TopologyGraph topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (Fresh(_state, topology) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_state, topology) is { } again)
            {
                return again;
            }

            var now = clock.GetUtcNow();
            var state = _state;
            if (state is null || _stale || now - state.ReadAt >= _options.Refresh)
            {
                // Cleared before the read: a confirmation during the read marks the next one stale again.
                _stale = false;
                var rows = await store.ListConfirmedRootCausesAsync(now - _options.Window, _options.MaxIncidents, cancellationToken).ConfigureAwait(false);
                Reads++;
                state = new State(rows, now, topology, RootCauseHistorySnapshot.Build(rows, topology, _options.Window));
            }
            else
            {
                state = state with { Topology = topology, Snapshot = RootCauseHistorySnapshot.Build(state.Rows, topology, _options.Window) };
            }

            _state = state;
            return state.Snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A person confirmed <paramref name="component"/> as the root cause of incident <paramref name="incidentId"/>
    /// (already committed by the incident stage): it goes to the audit log, and the next read takes it in.
    /// </summary>
    public async Task RecordAsync(long incidentId, string component, string actor, CancellationToken cancellationToken)
    {
        _stale = true;
        await store.AppendAuditAsync(clock.GetUtcNow(), actor, "confirm-root-cause", $"incident {incidentId}", component, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    private RootCauseHistorySnapshot? Fresh(State? state, TopologyGraph topology) =>
        state is not null && !_stale && ReferenceEquals(state.Topology, topology) && clock.GetUtcNow() - state.ReadAt < _options.Refresh ? state.Snapshot : null;
}
