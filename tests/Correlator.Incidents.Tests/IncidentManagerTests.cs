using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

public sealed class IncidentManagerTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);
    private readonly ManagementChanges _changes = new();

    [Fact]
    public void Observe_NewIncident_ClassifiesPrioritisesAssignsWithOnCall()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow());

        manager.Observe(Build.Facts(incident, "web-1"), _changes);

        var managed = manager.Open[1];
        Assert.Equal((Priority.P1, "payments-team", true), (managed.Priority, managed.Group, managed.Major));
        Assert.Contains(_changes.Entries, e => e.Kind == "assigned" && e.Text.Contains("on call: ana", StringComparison.Ordinal));
        Assert.Contains(_changes.Entries, e => e.Kind == "priority" && e.Text.StartsWith("Priority P1", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_MoreComponentsLater_RaisesPriorityWithReasonInTimeline()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "crm", Severity.Major, _clock.GetUtcNow());
        manager.Observe(Build.Facts(incident, "web-1"), _changes);
        var later = incident.Attach(Build.Signal("HighLatency", "crm", Severity.Major, _clock.GetUtcNow().AddMinutes(5), "fp-x", "web-2"), "test", _clock.GetUtcNow().AddMinutes(5));

        manager.Observe(Build.Facts(later, "web-1", "web-2", "web-3"), _changes);

        Assert.Equal(Priority.P1, manager.Open[1].Priority); // impact High (3 components), urgency High (major, rising)
        Assert.Contains(_changes.Entries, e => e.Kind == "priority" && e.Text.StartsWith("Priority P3 -> P1", StringComparison.Ordinal) && e.Text.Contains("3 component(s)", StringComparison.Ordinal));
    }

    public static TheoryData<int, string[]> EscalationCases => new()
    {
        // minutes after opening (P1, nobody acts) → notices sent so far
        { 10, [] },
        { 12, ["sla:acknowledge:warning"] },
        { 15, ["sla:acknowledge:warning", "acknowledge:team-lead"] },
        { 16, ["sla:acknowledge:warning", "acknowledge:team-lead", "sla:acknowledge:breach"] },
        { 30, ["sla:acknowledge:warning", "acknowledge:team-lead", "sla:acknowledge:breach", "acknowledge:incident-manager"] },
        { 200, ["sla:acknowledge:warning", "acknowledge:team-lead", "sla:acknowledge:breach", "acknowledge:incident-manager", "sla:resolve:warning"] },
        { 241, ["sla:acknowledge:warning", "acknowledge:team-lead", "sla:acknowledge:breach", "acknowledge:incident-manager", "sla:resolve:warning", "it-management:resolve", "sla:resolve:breach"] },
    };

    [Theory]
    [MemberData(nameof(EscalationCases))]
    public void AdvanceTo_NobodyActs_WarnsBreachesAndEscalatesInOrder(int minutes, string[] expected)
    {
        var manager = Opened(Priority.P1);

        for (int m = 1; m <= minutes; m++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        }

        // Status-update reminders of the P1's crisis record are their own concern (MajorIncidentTests).
        var keys = _changes.Notices.Where(n => n.Level != "crisis").Select(n => Normalise(n.Key)).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void AdvanceTo_Escalation_NamesRecipientsOfEachLevel()
    {
        var manager = Opened(Priority.P1);

        _clock.Advance(TimeSpan.FromMinutes(30));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);

        Assert.Equal("lena", _changes.Notices.Single(n => n.Level == "team-lead").Recipient);
        Assert.Equal("im@example.org", _changes.Notices.Single(n => n.Level == "incident-manager").Recipient);
        Assert.All(_changes.Notices.Where(n => n.Level == "on-call"), n => Assert.Equal("ana", n.Recipient));
    }

    [Fact]
    public void Acknowledge_BeforeTarget_StopsAcknowledgeClockAndItsEscalation()
    {
        var manager = Opened(Priority.P1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        manager.Act(new ManagementCommand(1, ManagementAction.Acknowledge, "ana", null, _clock.GetUtcNow()), _changes);

        _clock.Advance(TimeSpan.FromMinutes(60));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);

        Assert.DoesNotContain(_changes.Notices, n => n.Level != "crisis");
        var status = manager.Sla.Evaluate(manager.Open[1], _clock.GetUtcNow())!;
        Assert.Equal((SlaClockState.Met, TimeSpan.FromMinutes(5)), (status.Acknowledge.State, status.Acknowledge.Elapsed));
        Assert.Equal(SlaClockState.Running, status.Resolve.State);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(175), status.Resolve.BreachAt);
    }

    public static TheoryData<int, int, int, double, SlaClockState> HoldCases => new()
    {
        // hold starts at minute, lasts minutes; evaluated at minute → resolve clock elapsed minutes, state
        { 60, 120, 240, 120, SlaClockState.Running },
        { 60, 120, 150, 60, SlaClockState.Paused },
        { 60, 0, 250, 250, SlaClockState.Breached },
        { 200, 300, 600, 300, SlaClockState.Breached },
    };

    [Theory]
    [MemberData(nameof(HoldCases))]
    public void Hold_OnHoldPeriod_PausesTheResolveClock(int holdAt, int holdFor, int evaluateAt, double elapsed, SlaClockState state)
    {
        var manager = Opened(Priority.P1);
        var opened = _clock.GetUtcNow();
        manager.Act(new ManagementCommand(1, ManagementAction.Acknowledge, "ana", null, opened.AddMinutes(1)), _changes);
        if (holdFor > 0)
        {
            manager.Act(new ManagementCommand(1, ManagementAction.Hold, "ana", "waiting for vendor", opened.AddMinutes(holdAt)), _changes);
            if (holdAt + holdFor < evaluateAt)
            {
                manager.Act(new ManagementCommand(1, ManagementAction.Resume, "ana", "vendor answered", opened.AddMinutes(holdAt + holdFor)), _changes);
            }
        }

        var status = manager.Sla.Evaluate(manager.Open[1], opened.AddMinutes(evaluateAt))!;

        Assert.Equal((TimeSpan.FromMinutes(elapsed), state), (status.Resolve.Elapsed, status.Resolve.State));
    }

    [Fact]
    public void Sla_ServiceInOfficeCalendar_CountsOnlyBusinessHours()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var friday16 = BusinessCalendarTests.At("2026-03-06T15:00:00Z");
        manager.Observe(Build.Facts(Build.Incident(1, "intranet", Severity.Warning, friday16)), _changes);
        Assert.Equal(Priority.P4, manager.Open[1].Priority);

        var status = manager.Sla.Evaluate(manager.Open[1], BusinessCalendarTests.At("2026-03-09T09:00:00Z"))!;

        Assert.Equal(("office", TimeSpan.FromHours(2)), (status.Calendar, status.Acknowledge.Elapsed));
        Assert.Equal(SlaClockState.Running, status.Acknowledge.State);
        Assert.Equal(BusinessCalendarTests.At("2026-03-09T11:00:00Z"), status.Acknowledge.BreachAt);
    }

    [Fact]
    public void Act_InvalidMoves_AreRefusedWithTheReason()
    {
        var manager = Opened(Priority.P1);
        manager.Act(new ManagementCommand(1, ManagementAction.Resolve, "ana", "restarted", _clock.GetUtcNow()), _changes);

        var resolved = Assert.Throws<InvalidOperationException>(() => manager.Act(new ManagementCommand(1, ManagementAction.Hold, "ana", null, _clock.GetUtcNow()), _changes));
        var unknown = Assert.Throws<KeyNotFoundException>(() => manager.Act(new ManagementCommand(9, ManagementAction.Acknowledge, "ana", null, _clock.GetUtcNow()), _changes));

        Assert.Contains("resolved", resolved.Message, StringComparison.Ordinal);
        Assert.Contains("9", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_CorrelationResolvesThenReopens_CountsReopen()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var at = _clock.GetUtcNow();
        var incident = Build.Incident(1, "crm", Severity.Major, at);
        manager.Observe(Build.Facts(incident), _changes);

        var resolved = incident.Resolve("signals cleared", at.AddMinutes(10));
        manager.Observe(Build.Facts(resolved), _changes);
        Assert.Equal(at.AddMinutes(10), manager.Open[1].ResolvedAt);
        manager.Observe(Build.Facts(resolved.Reopen("fired again", at.AddMinutes(20))), _changes);

        Assert.Equal((1, (DateTimeOffset?)null), (manager.Open[1].Reopens, manager.Open[1].ResolvedAt));
    }

    private IncidentManager Opened(Priority expected)
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);
        Assert.Equal(expected, manager.Open[1].Priority);
        _changes.Clear();
        return manager;
    }

    private static string Normalise(string key) => key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..] switch
    {
        "resolve:it-management" => "it-management:resolve",
        var k => k,
    };
}
