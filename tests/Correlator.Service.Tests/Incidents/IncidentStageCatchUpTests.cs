using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>
/// How readers and stopping callers meet the incident-management stage: a caller's cancellation is not a failed
/// pass, what was committed but not yet taken in is recomputed at the next start, and concurrent readers share a pass.
/// </summary>
public sealed class IncidentStageCatchUpTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stage-catch-up");
    private readonly CancellingClock _clock = new(Some.T0);
    private readonly RecordingLogger _log = new();
    private SqliteStore _store = null!;
    private IncidentStage _stage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _data.Path }, Ct);
        _stage = await StartStageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stage.Dispose();
        await _store.DisposeAsync();
        _data.Dispose();
    }

    private async Task<IncidentStage> StartStageAsync()
    {
        var stage = new IncidentStage(_store, Options.Create(IncidentStageTests.Policies()),
            Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, _log);
        await stage.StartAsync(Ct);
        return stage;
    }

    /// <summary>Correlation commits incident <paramref name="id"/> (a critical alert on payments) and tells the stage.</summary>
    private async Task CommitIncidentAsync(long id)
    {
        var signal = Some.Alert(name: "Errors" + id, service: "payments", resource: "pay-" + id, severity: Severity.Critical);
        var changes = new ChangeSet { Watermark = Some.T0, LastIncidentId = id };
        changes.Put(Some.OpenIncident(id, signal), null);
        changes.Put(new SignalState(signal, Some.T0, Some.T0, 1, 1));
        await _store.CommitAsync(changes, Ct);
        _stage.OnCommitted(changes);
    }

    [Fact]
    public async Task Act_CallerCancelledDuringThePass_CommitsThePass_AndLogsNoError()
    {
        await CommitIncidentAsync(1);
        await _stage.ProcessPendingAsync(Ct);
        await CommitIncidentAsync(2);
        using var caller = new CancellationTokenSource();
        _clock.CancelOnRead = caller;

        // The token is cancelled inside the pass (the action reads the clock), as when the host stops mid-pass.
        var acknowledged = await _stage.ActAsync(1, ManagementAction.Acknowledge, "ana", null, caller.Token);
        _clock.CancelOnRead = null;

        Assert.True(caller.IsCancellationRequested);
        Assert.NotNull(acknowledged.AcknowledgedAt);
        Assert.NotNull((await _store.GetManagementAsync(1, Ct))?.Incident.AcknowledgedAt);
        Assert.NotNull(await _store.GetManagementAsync(2, Ct));
        Assert.DoesNotContain(_log.Levels, level => level >= LogLevel.Error);
    }

    [Fact]
    public async Task Start_AfterCommitsNeverTakenIn_ManagesThemFromTheStore()
    {
        // Committed by correlation, then the service stops before any pass took it in.
        await CommitIncidentAsync(1);
        Assert.Null(await _store.GetManagementAsync(1, Ct));
        _stage.Dispose();

        _stage = await StartStageAsync();
        var managed = await _store.GetManagementAsync(1, Ct);

        Assert.NotNull(managed);
        Assert.Equal(Priority.P1, managed.Incident.Priority);
        Assert.Single(managed.Timeline, e => e.Kind == "assigned");
    }

    [Fact]
    public async Task ProcessPending_ManyReadersAtOnce_EachSeesWhatWasCommittedBeforeItsCall()
    {
        await CommitIncidentAsync(1);
        var first = Enumerable.Range(0, 20).Select(_ => _stage.ProcessPendingAsync(Ct)).ToList();
        await CommitIncidentAsync(2);
        var second = Enumerable.Range(0, 20).Select(_ => _stage.ProcessPendingAsync(Ct)).ToList();

        await Task.WhenAll(second);
        var two = await _store.GetManagementAsync(2, Ct);
        await Task.WhenAll(first);
        var one = await _store.GetManagementAsync(1, Ct);

        Assert.NotNull(one);
        Assert.NotNull(two);
        Assert.Single(one.Timeline, e => e.Kind == "assigned");
        Assert.Single(two.Timeline, e => e.Kind == "assigned");
    }

    /// <summary>A fake clock that cancels a token when read: a cancellation that lands in the middle of a pass.</summary>
    private sealed class CancellingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public CancellationTokenSource? CancelOnRead { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            CancelOnRead?.Cancel();
            return base.GetUtcNow();
        }
    }

    private sealed class RecordingLogger : ILogger<IncidentStage>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogLevel> _levels = new();

        public IReadOnlyCollection<LogLevel> Levels => _levels;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _levels.Enqueue(logLevel);
    }
}
