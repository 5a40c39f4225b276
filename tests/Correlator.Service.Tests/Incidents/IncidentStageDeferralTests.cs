using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>
/// Count-only changes held back by the stage on a real store (issue #2): a pass that only grows an incident's
/// component count does not write; a reader's catch-up writes it; a restart recounts it from correlation's rows.
/// </summary>
public sealed class IncidentStageDeferralTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stage-deferral");
    private readonly FakeTimeProvider _clock = new(Some.T0);
    private SqliteStore _store = null!;
    private IncidentStage _stage = null!;
    private Incident _incident = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _data.Path }, Ct);
        _stage = await StartStageAsync();
        _incident = await CommitAsync(null, "pay-1", 0);
        await _stage.ProcessPendingAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stage.Dispose();
        await _store.DisposeAsync();
        _data.Dispose();
    }

    private async Task<IncidentStage> StartStageAsync()
    {
        var stage = new IncidentStage(_store, Options.Create(IncidentStageTests.Policies()), Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, NullLogger<IncidentStage>.Instance);
        await stage.StartAsync(Ct);
        return stage;
    }

    /// <summary>Correlation attaches a critical payments alert from <paramref name="resource"/> (or opens incident 1 with it) and commits.</summary>
    private async Task<Incident> CommitAsync(Incident? incident, string resource, int at)
    {
        var signal = Some.Alert(name: "Errors", service: "payments", resource: resource, severity: Severity.Critical, at: at);
        var next = incident is null ? Some.OpenIncident(1, signal) : incident.Attach(signal, "test rule", Some.At(at));
        var changes = new ChangeSet { Watermark = Some.At(at), LastIncidentId = 1 };
        changes.Put(next, incident);
        changes.Put(new SignalState(signal, Some.At(at), Some.At(at), 1, 1));
        await _store.CommitAsync(changes, Ct);
        _stage.OnCommitted(changes);
        return next;
    }

    private async Task<ManagedIncident> StoredAsync() => (await _store.GetManagementAsync(1, Ct) ?? throw new InvalidOperationException("not managed")).Incident;

    [Fact]
    public async Task TakeIn_OnlyTheComponentCountGrew_WritesNothingUntilAReaderCatchesUp()
    {
        var writes = _stage.Statistics.Writes;

        await CommitAsync(_incident, "pay-2", 10);
        await _stage.TakeInAsync(Ct);

        Assert.Equal(writes, _stage.Statistics.Writes);
        Assert.Equal(1, _stage.DeferredRecords);
        Assert.Equal(1, (await StoredAsync()).Components);

        await _stage.ProcessPendingAsync(Ct);

        Assert.Equal(writes + 1, _stage.Statistics.Writes);
        Assert.Equal(0, _stage.DeferredRecords);
        Assert.Equal((2, Priority.P1), ((await StoredAsync()).Components, (await StoredAsync()).Priority));
    }

    [Fact]
    public async Task Restart_CountsNotWritten_AreRecountedFromCorrelationsRows_PriorityUnchanged()
    {
        var second = await CommitAsync(_incident, "pay-2", 10);
        await CommitAsync(second, "pay-3", 20);
        await _stage.TakeInAsync(Ct);
        Assert.Equal(1, (await StoredAsync()).Components);
        var before = (await _store.GetManagementAsync(1, Ct))!.Timeline.Count;

        // A crash: the stage goes away without writing what it held back.
        _stage.Dispose();
        _stage = await StartStageAsync();
        var detail = (await _store.GetManagementAsync(1, Ct))!;

        Assert.Equal((3, Priority.P1), (detail.Incident.Components, detail.Incident.Priority));
        Assert.Equal(before, detail.Timeline.Count);
    }

    [Fact]
    public async Task FlushDeferred_CountsHeldBack_WritesThem()
    {
        await CommitAsync(_incident, "pay-2", 10);
        await _stage.TakeInAsync(Ct);

        await _stage.FlushDeferredAsync(Ct);

        Assert.Equal(2, (await StoredAsync()).Components);
        Assert.Equal(0, _stage.DeferredRecords);
    }
}
