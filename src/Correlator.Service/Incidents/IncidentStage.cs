using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Incidents;

/// <summary>
/// Runs <see cref="IncidentManager"/> in the service: takes each incident the correlation loop committed, applies
/// people's actions, moves event time (escalations, SLA warnings, crisis reminders), and commits every pass — the
/// managed records, their timeline, crisis records and the outbox rows of its notices — in one store transaction.
/// One pass at a time (a gate): the manager is not thread-safe, and a failed commit rebuilds it from the store.
/// Readers wait for a pass only when a correlation commit they may depend on is not yet taken in, and then share
/// one catch-up pass: a burst of readers costs one pass (and one write), not a pass and a gate hand-off each.
/// A pass whose only changes are larger component counts does not write (issue #2): those records wait in memory
/// and go out with the next pass that writes, with a reader's catch-up, every <c>DeferredFlushInterval</c> and when
/// the host stops; a restart recounts them from correlation's rows (<see cref="IncidentManager"/> keeps that safe).
/// </summary>
public sealed partial class IncidentStage : IDisposable
{
    private readonly SqliteStore _store;
    private readonly IncidentManagementOptions _policies;
    private readonly IncidentStageOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<IncidentStage> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly Lock _catchUpLock = new();
    private Task? _catchUp;
    private readonly Dictionary<long, IncidentEvidence> _evidence = [];
    private Dictionary<long, (Incident Incident, List<Signal> Signals)> _pending = [];
    private DateTimeOffset? _pendingWatermark;

    // Correlation commits observed (under _pendingLock), taken in by the last pass (under the gate), and taken in
    // and durable (read without the gate, so a reader with nothing to wait for does not queue behind a pass).
    private long _received;
    private long _takenIn;
    private long _committedThrough;

    // Commits whose count-only changes are written too (readers wait for it), and the incidents whose count-only
    // changes wait in memory (under the gate; the manager holds their values).
    private long _flushedThrough;
    private readonly HashSet<long> _deferred = [];
    private IncidentManager? _manager;
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    // Passes run, those that wrote (a store transaction), and the time spent in them (Stopwatch ticks), for the benchmarks.
    private long _passes;
    private long _writes;
    private long _passTicks;

    public IncidentStage(SqliteStore store, IOptions<IncidentManagementOptions> policies, IOptions<IncidentStageOptions> options, TimeProvider clock, ILogger<IncidentStage> logger)
    {
        _store = store;
        _policies = policies.Value;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        Sla = new SlaPolicy(_policies);
    }

    /// <summary>Raised (on any thread) when committed incidents are waiting for a pass.</summary>
    public event Action? Pending;

    public SlaPolicy Sla { get; }

    public IncidentStageOptions Options => _options;

    /// <summary>
    /// Passes run since start, how many of them wrote (one store transaction each; a pass with nothing to write opens none),
    /// and the elapsed time spent in them, commits (and waits for the single writer) included.
    /// </summary>
    public (long Passes, long Writes, TimeSpan Elapsed) Statistics =>
        (Interlocked.Read(ref _passes), Interlocked.Read(ref _writes), System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _passTicks)));

    /// <summary>Event time as far as the stage has moved it.</summary>
    public DateTimeOffset Now => _now;

    /// <summary>The correlation loop's observer: queues the incidents of a committed batch (quick; never throws).</summary>
    public void OnCommitted(ChangeSet changes)
    {
        lock (_pendingLock)
        {
            _received++;
            foreach (var incident in changes.Incidents)
            {
                _pending[incident.Id] = (incident, _pending.TryGetValue(incident.Id, out var known) ? known.Signals : []);
            }

            foreach (var state in changes.Signals)
            {
                if (state.IncidentId is { } id && _pending.TryGetValue(id, out var entry))
                {
                    entry.Signals.Add(state.Latest);
                }
            }

            if (changes.Watermark is { } watermark && (_pendingWatermark is null || watermark > _pendingWatermark))
            {
                _pendingWatermark = watermark;
            }
        }

        Pending?.Invoke();
    }

    /// <summary>Builds the manager from the store and catches up with incidents committed while the stage was not running.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the manager was built (the stage's host started it).</summary>
    public bool IsStarted => _manager is not null;

    /// <summary>Records whose count-only changes wait in memory (not yet written).</summary>
    public int DeferredRecords => Volatile.Read(ref _deferredCount);

    private int _deferredCount;

    /// <summary>
    /// Takes in what correlation committed since the last pass, then moves event time to the watermark. Readers call it
    /// before reading management state, so what was ingested before their request is in what they read. Returns at
    /// once when every commit observed before the call is already taken in and durable; otherwise it waits for the
    /// catch-up pass in flight (shared by every caller, so a burst of readers does not queue on the gate one by one)
    /// and starts the next one if that pass began before the call. The token stops the wait, not the shared pass.
    /// Count-only changes held back are written too, so a reader of the stored records sees the current counts.
    /// </summary>
    public Task ProcessPendingAsync(CancellationToken cancellationToken) => CatchUpAsync(flush: true, cancellationToken);

    /// <summary>The host's catch-up: as <see cref="ProcessPendingAsync"/>, but count-only changes may stay deferred.</summary>
    internal Task TakeInAsync(CancellationToken cancellationToken) => CatchUpAsync(flush: false, cancellationToken);

    /// <summary>Takes in what is pending and writes the count-only changes held back (the host's timer and its stop).</summary>
    public async Task FlushDeferredAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync(ObservePending, flush: true).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CatchUpAsync(bool flush, CancellationToken cancellationToken)
    {
        if (!IsStarted)
        {
            return;
        }

        long target = Interlocked.Read(ref _received);
        while (Interlocked.Read(ref flush ? ref _flushedThrough : ref _committedThrough) < target)
        {
            Task pass;
            lock (_catchUpLock)
            {
                // A reader that needs the deferred counts written waits for a pass that does not write them, then
                // starts its own: passes are not joined half-way.
                if (_catchUp is not { IsCompleted: false } running)
                {
                    running = _catchUp = Task.Run(() => SharedPassAsync(flush), CancellationToken.None);
                }

                pass = running;
            }

            await pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes when the catch-up pass in flight, if any, has committed (its outcome is its callers' to see). The host
    /// waits for it when it stops, so the store is not closed under a pass that no caller waits for any more.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_catchUpLock)
        {
            return _catchUp ?? Task.CompletedTask;
        }
    }

    /// <summary>One shared catch-up pass: everything observed when it gets the gate.</summary>
    private async Task SharedPassAsync(bool flush)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await RunAsync(ObservePending, flush).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves event time to <paramref name="now"/> (never backwards): SLA warnings, breaches, escalations, crisis reminders.</summary>
    public async Task AdvanceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync(changes =>
            {
                ObservePending(changes);
                MoveTo(now, changes);
            }, flush: false).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A person's action, at the clock's time. Throws <see cref="KeyNotFoundException"/> when the incident is not
    /// open under management and <see cref="InvalidOperationException"/> when its state forbids the action.
    /// </summary>
    public Task<ManagedIncident> ActAsync(long incidentId, ManagementAction action, string actor, string? argument, CancellationToken cancellationToken) =>
        ActAsync(incidentId, action, actor, argument, null, cancellationToken);

    /// <summary>As the other overload, with the root cause a person confirms when resolving (<see cref="ManagementCommand.RootCause"/>).</summary>
    public async Task<ManagedIncident> ActAsync(long incidentId, ManagementAction action, string actor, string? argument, string? rootCause, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ManagedIncident? result = null;
            await RunAsync(changes =>
            {
                ObservePending(changes);
                var at = _clock.GetUtcNow();
                MoveTo(at, changes);
                result = Manager.Act(new ManagementCommand(incidentId, action, actor, argument, at > _now ? at : _now) { RootCause = rootCause }, changes);
            }, flush: true).ConfigureAwait(false);
            return result ?? throw new InvalidOperationException("The action was not applied.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private IncidentManager Manager => _manager ?? throw new InvalidOperationException("The incident stage was not started.");

    private void MoveTo(DateTimeOffset now, ManagementChanges changes)
    {
        if (now > _now)
        {
            _now = now;
        }

        Manager.AdvanceTo(_now, changes);
    }

    /// <summary>
    /// Runs one pass and commits it; on a failed commit the manager is rebuilt from the store and the error rethrown.
    /// It takes no token: a caller's token stops its wait for the gate (or for a shared pass), but once a pass has
    /// changed the manager it is committed whatever happens to the caller (a reader that went away, the host
    /// stopping), since a pass cancelled half-way would leave the manager ahead of the store and cost a rebuild.
    /// A pass's commit is short, and nothing else holds the writer for long.
    /// </summary>
    private async Task RunAsync(Action<ManagementChanges> pass, bool flush)
    {
        var changes = new ManagementChanges { DeferCounts = _options.DeferredFlushInterval > TimeSpan.Zero };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            pass(changes);
        }
        catch
        {
            // A forbidden action throws before the manager changes the incident; what the pass did before it
            // (pending incidents, timers) is kept, so it is committed all the same.
            await CommitAsync(changes, flush).ConfigureAwait(false);
            throw;
        }
        finally
        {
            Interlocked.Increment(ref _passes);
        }

        await CommitAsync(changes, flush).ConfigureAwait(false);
        Interlocked.Add(ref _passTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
    }

    /// <summary>
    /// Commits a pass. Its count-only changes join those held back; they are all written (as the manager holds them
    /// now) when the pass writes anyway or <paramref name="flush"/> asks for it, and otherwise stay in memory.
    /// </summary>
    private async Task CommitAsync(ManagementChanges changes, bool flush)
    {
        _deferred.UnionWith(changes.Deferred);
        if (changes.IsEmpty && !(flush && _deferred.Count > 0))
        {
            Interlocked.Exchange(ref _committedThrough, _takenIn);
            if (_deferred.Count == 0)
            {
                Interlocked.Exchange(ref _flushedThrough, _takenIn);
            }

            Volatile.Write(ref _deferredCount, _deferred.Count);
            return;
        }

        foreach (var id in _deferred)
        {
            if (Manager.Open.TryGetValue(id, out var current) && !changes.Holds(id))
            {
                changes.Put(current);
            }
        }

        Interlocked.Increment(ref _writes);
        var effects = ManagementEffects.Derive(changes, id => _evidence.TryGetValue(id, out var e) ? e.Incident : null).ToList();
        var batch = new ManagementBatch([.. changes.Incidents], [.. changes.Entries], [.. changes.Crises], effects, _now == DateTimeOffset.MinValue ? _clock.GetUtcNow() : _now);
        try
        {
            await _store.CommitManagementAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException error)
        {
            LogCommitFailed(error);
            await LoadAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        _deferred.Clear();
        Volatile.Write(ref _deferredCount, 0);
        Interlocked.Exchange(ref _committedThrough, _takenIn);
        Interlocked.Exchange(ref _flushedThrough, _takenIn);

        foreach (var closed in changes.Incidents.Where(m => m.ClosedAt is not null))
        {
            _evidence.Remove(closed.IncidentId);
        }
    }
}
