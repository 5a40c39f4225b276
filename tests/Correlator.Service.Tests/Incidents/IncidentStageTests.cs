using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>The incident-management stage on a real store, with time driven by a <see cref="FakeTimeProvider"/>.</summary>
public sealed class IncidentStageTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stage");
    private readonly FakeTimeProvider _clock = new(Some.T0);
    private SqliteStore _store = null!;
    private IncidentStage _stage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>payments is highly critical: a critical alert on it is P1 (ack 15 min, resolve 4 h; team lead after 15 min, incident manager after 30).</summary>
    public static IncidentManagementOptions Policies() => new()
    {
        Services = { ["payments"] = new ServiceEntry { Criticality = "High" } },
        Assignment = { new AssignmentRule { Service = "payments", Group = "payments-team" } },
        Groups = { ["payments-team"] = new ResolverGroup { Lead = "lena", OnCall = ["ana", "bo"] } },
        Contacts = { ["incident-manager"] = "im@example.org" },
        Escalation =
        {
            ["P1"] =
            [
                new EscalationLevel { Level = "team-lead", Clock = "acknowledge", After = TimeSpan.FromMinutes(15) },
                new EscalationLevel { Level = "incident-manager", Clock = "acknowledge", After = TimeSpan.FromMinutes(30) },
            ],
        },
        Sla = { ["P1"] = new SlaTarget { Acknowledge = TimeSpan.FromMinutes(15), Resolve = TimeSpan.FromHours(4) } },
    };

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _data.Path }, Ct);
        _store.AddOutboxRoute(new OutboxRoute("hook", IncidentEffects.Derive, kind => ManagementEffects.Kinds.Contains(kind)));
        _stage = new IncidentStage(_store, Options.Create(Policies()), Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, NullLogger<IncidentStage>.Instance);
        await _stage.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _stage.Dispose();
        await _store.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Correlation opens a P1 incident on payments at T0 and commits it; the stage takes it in.</summary>
    private async Task<Incident> OpenP1Async()
    {
        var signal = Some.Alert(name: "Errors", service: "payments", resource: "pay-1", severity: Severity.Critical);
        var incident = Some.OpenIncident(1, signal);
        var changes = new ChangeSet { Watermark = Some.T0, LastIncidentId = 1 };
        changes.Put(incident, null);
        changes.Put(new SignalState(signal, Some.T0, Some.T0, 1, 1));
        await _store.CommitAsync(changes, Ct);
        _stage.OnCommitted(changes);
        await _stage.ProcessPendingAsync(Ct);
        return incident;
    }

    private async Task<ManagementDetail> DetailAsync() => await _store.GetManagementAsync(1, Ct) ?? throw new InvalidOperationException("not managed");

    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await _stage.AdvanceAsync(_clock.GetUtcNow(), Ct);
    }

    [Fact]
    public async Task Committed_NewIncident_IsClassifiedPrioritisedAndAssigned_WithReasonsInTheTimeline()
    {
        await OpenP1Async();

        var detail = await DetailAsync();

        Assert.Equal(Priority.P1, detail.Incident.Priority);
        Assert.Equal("payments-team", detail.Incident.Group);
        Assert.Contains(detail.Timeline, e => e.Kind == "priority" && e.Text.Contains("impact High", StringComparison.Ordinal));
        Assert.Contains(detail.Timeline, e => e.Kind == "assigned" && e.Text.Contains("payments-team", StringComparison.Ordinal));
        Assert.NotNull(detail.Crisis);
        Assert.Contains("team-lead: lena", detail.Crisis.Mobilised);
    }

    [Fact]
    public async Task Advance_PastTheAcknowledgeTime_EscalatesOnce_ThroughTheOutbox()
    {
        await OpenP1Async();

        await AdvanceAsync(TimeSpan.FromMinutes(16));
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        var detail = await DetailAsync();
        var notices = await _store.ListOutboxAsync(OutboxStatus.Pending, "hook", 100, Ct);

        Assert.Contains("acknowledge:team-lead", detail.Incident.Sent);
        Assert.DoesNotContain("acknowledge:incident-manager", detail.Incident.Sent);
        Assert.Single(detail.Timeline, e => e.Kind == "escalated");
        Assert.Single(notices, n => n.Effect.Kind == OutboxKinds.Escalated && n.Effect.Payload.Contains("Notify team-lead (lena)", StringComparison.Ordinal));
        Assert.Contains(detail.Timeline, e => e.Kind == "sla-breach");
    }

    [Fact]
    public async Task Acknowledge_BeforeTheEscalationTime_StopsIt()
    {
        await OpenP1Async();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await _stage.ActAsync(1, ManagementAction.Acknowledge, "ana", null, Ct);
        await AdvanceAsync(TimeSpan.FromMinutes(40));
        var detail = await DetailAsync();

        Assert.Equal(Some.T0.AddMinutes(5), detail.Incident.AcknowledgedAt);
        Assert.DoesNotContain(detail.Timeline, e => e.Kind == "escalated");
        Assert.Equal(SlaClockState.Met, _stage.Sla.Evaluate(detail.Incident, _clock.GetUtcNow())!.Acknowledge.State);
    }

    [Fact]
    public async Task Hold_PausesTheResolveClock_AndResumeRestartsIt()
    {
        await OpenP1Async();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _stage.ActAsync(1, ManagementAction.Acknowledge, "ana", null, Ct);
        _clock.Advance(TimeSpan.FromMinutes(55));
        await _stage.ActAsync(1, ManagementAction.Hold, "ana", "waiting for the bank", Ct);

        await AdvanceAsync(TimeSpan.FromHours(5));
        var held = (await DetailAsync()).Incident;
        var onHold = _stage.Sla.Evaluate(held, _clock.GetUtcNow())!.Resolve;
        await _stage.ActAsync(1, ManagementAction.Resume, "ana", null, Ct);
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var resumed = _stage.Sla.Evaluate((await DetailAsync()).Incident, _clock.GetUtcNow())!.Resolve;

        Assert.Equal(SlaClockState.Paused, onHold.State);
        Assert.Equal(TimeSpan.FromHours(1), onHold.Elapsed);
        Assert.Equal(SlaClockState.Running, resumed.State);
        Assert.Equal(TimeSpan.FromMinutes(90), resumed.Elapsed);
        Assert.DoesNotContain((await DetailAsync()).Timeline, e => e.Kind == "sla-breach" && e.Text.Contains("resolve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_Twice_IsRefused_AndTheFirstStopsEveryClock()
    {
        await OpenP1Async();
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _stage.ActAsync(1, ManagementAction.Resolve, "ana", "restarted the gateway", Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _stage.ActAsync(1, ManagementAction.Resolve, "ana", "again", Ct));
        await AdvanceAsync(TimeSpan.FromHours(6));
        var detail = await DetailAsync();

        Assert.DoesNotContain(detail.Timeline, e => e.Kind is "escalated" or "sla-breach");
        Assert.NotNull(detail.Crisis?.EndedAt);
    }

    [Fact]
    public async Task Resolve_WithARootCause_StoresItWithWhoAndWhen_AndALaterConfirmationReplacesIt()
    {
        await OpenP1Async();
        _clock.Advance(TimeSpan.FromMinutes(10));

        await _stage.ActAsync(1, ManagementAction.Resolve, "ana", "restarted the gateway", "pay-1", Ct);
        var resolved = await DetailAsync();
        await _stage.ActAsync(1, ManagementAction.ConfirmRootCause, "bo", "payments", Ct);
        var changed = await DetailAsync();

        Assert.Equal(new ConfirmedRootCause("pay-1", "ana", _clock.GetUtcNow()), resolved.Incident.RootCause);
        Assert.Contains(resolved.Timeline, e => e.Kind == "resolve" && e.Text == "Resolved by ana: restarted the gateway; root cause: pay-1");
        Assert.Equal(new ConfirmedRootCause("payments", "bo", _clock.GetUtcNow()), changed.Incident.RootCause);
        Assert.Contains(changed.Timeline, e => e.Kind == "root_cause" && e.Text == "Root cause pay-1 -> payments by bo");
    }

    [Fact]
    public async Task Restart_RebuildsFromTheStore_AndDoesNotEscalateTwice()
    {
        await OpenP1Async();
        await AdvanceAsync(TimeSpan.FromMinutes(16));
        _stage.Dispose();

        _stage = new IncidentStage(_store, Options.Create(Policies()), Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, NullLogger<IncidentStage>.Instance);
        await _stage.StartAsync(Ct);
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Single((await DetailAsync()).Timeline, e => e.Kind == "escalated");
    }

    public static TheoryData<int, int, string> RestartTimerCases => new()
    {
        // restart after minutes (0: none) → the instant (minutes after opening) the key is due, not a tick earlier
        { 0, 12, "sla:acknowledge:warning" },
        { 10, 12, "sla:acknowledge:warning" },
        { 13, 15, "acknowledge:team-lead" },
        { 16, 30, "acknowledge:incident-manager" },
    };

    [Theory]
    [MemberData(nameof(RestartTimerCases))]
    public async Task Advance_AcrossARestart_TimerFiresAtItsInstant_AndPassesWithNothingDueWriteNothing(int restartAfter, int dueAfter, string key)
    {
        await OpenP1Async();
        if (restartAfter > 0)
        {
            for (int m = 0; m < restartAfter; m++)
            {
                await AdvanceAsync(TimeSpan.FromMinutes(1));
            }

            _stage.Dispose();
            _stage = new IncidentStage(_store, Options.Create(Policies()), Options.Create(new IncidentStageOptions { AdvanceWithClock = false }), _clock, NullLogger<IncidentStage>.Instance);
            await _stage.StartAsync(Ct);
        }

        var timeline = (await DetailAsync()).Timeline.Count;
        await AdvanceAsync(Some.T0.AddMinutes(dueAfter) - TimeSpan.FromTicks(1) - _clock.GetUtcNow());
        var justBefore = await DetailAsync();
        await AdvanceAsync(TimeSpan.FromTicks(1));
        var atInstant = await DetailAsync();

        Assert.DoesNotContain(key, justBefore.Incident.Sent);
        Assert.Contains(key, atInstant.Incident.Sent);

        // In every case nothing falls due between the restart (or the opening) and a tick before the instant: nothing was written.
        Assert.Equal(timeline, justBefore.Timeline.Count);
    }
}
