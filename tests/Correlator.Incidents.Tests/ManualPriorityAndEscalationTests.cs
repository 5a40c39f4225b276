using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

/// <summary>A person's priority change (kept over the policy's, SLA and ticket follow) and escalation by hand.</summary>
public sealed class ManualPriorityAndEscalationTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);
    private readonly ManagementChanges _changes = new();

    private IncidentManager OpenP1()
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);
        Assert.Equal(Priority.P1, manager.Open[1].Priority);
        _changes.Clear();
        return manager;
    }

    [Fact]
    public void ChangePriority_WritesWhoAndWhy_SlaFollows_AndTheTicketGetsThePriorityUpdate()
    {
        var manager = OpenP1();

        var next = manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", "P3:only the test tenant is affected", _clock.GetUtcNow()), _changes);

        Assert.Equal(Priority.P3, next.Priority);
        var line = Assert.Single(_changes.Entries, e => e.Kind == "priority");
        Assert.Equal("Priority P1 -> P3 by ivan (kept over the policy's from now on): only the test tenant is affected", line.Text);
        Assert.Equal(TimeSpan.FromHours(2), manager.Sla.Evaluate(next, _clock.GetUtcNow())!.Acknowledge.Target);
        var effects = ManagementEffects.Derive(_changes, _ => null).ToList();
        var field = Assert.Single(effects, e => e.Kind == OutboxKinds.PriorityChanged);
        Assert.Contains("\"P3\"", field.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePriority_IsKeptOverThePolicy_WhichSaysOnceWhatItWouldChoose()
    {
        var manager = OpenP1();
        manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", "P3:test tenant only", _clock.GetUtcNow()), _changes);
        _changes.Clear();

        _clock.Advance(TimeSpan.FromMinutes(1));
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, Build.Monday9) with { UpdatedAt = _clock.GetUtcNow() }), _changes);
        _clock.Advance(TimeSpan.FromMinutes(1));
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, Build.Monday9) with { UpdatedAt = _clock.GetUtcNow() }), _changes);

        Assert.Equal(Priority.P3, manager.Open[1].Priority);
        Assert.DoesNotContain(_changes.Entries, e => e.Kind == "priority");
        var suggested = Assert.Single(_changes.Entries, e => e.Kind == "priority-suggested");
        Assert.StartsWith("The policy would choose P1", suggested.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClearPriority_ReturnsToThePolicysPriority_WithALine_AndThePolicyFollowsAgain()
    {
        var manager = OpenP1();
        manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", "P3:test tenant only", _clock.GetUtcNow()), _changes);
        _changes.Clear();

        var next = manager.Act(new ManagementCommand(1, ManagementAction.ClearPriority, "olga", "it is the real shop after all", _clock.GetUtcNow()), _changes);

        Assert.Equal(Priority.P1, next.Priority);
        Assert.DoesNotContain(IncidentManager.ManualPriorityKey, next.Sent);
        var line = Assert.Single(_changes.Entries, e => e.Kind == "priority");
        Assert.Equal("Priority P3 -> P1: priority set by hand cleared by olga, the policy's applies from now on: it is the real shop after all", line.Text);
        Assert.Equal(TimeSpan.FromMinutes(15), manager.Sla.Evaluate(next, _clock.GetUtcNow())!.Acknowledge.Target);
        Assert.Single(ManagementEffects.Derive(_changes, _ => null), e => e.Kind == OutboxKinds.PriorityChanged);
        _changes.Clear();

        // The policy decides again: a later observation does not say "the priority set by hand is kept".
        _clock.Advance(TimeSpan.FromMinutes(1));
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, Build.Monday9) with { UpdatedAt = _clock.GetUtcNow() }), _changes);
        Assert.DoesNotContain(_changes.Entries, e => e.Kind == "priority-suggested");
    }

    [Fact]
    public void ClearPriority_WithoutAPrioritySetByHand_IsAConflict_AndNeedsAReason()
    {
        var manager = OpenP1();
        Assert.Throws<InvalidOperationException>(() => manager.Act(new ManagementCommand(1, ManagementAction.ClearPriority, "ivan", "why", _clock.GetUtcNow()), _changes));
        manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", "P3:why", _clock.GetUtcNow()), _changes);
        Assert.Throws<ArgumentException>(() => manager.Act(new ManagementCommand(1, ManagementAction.ClearPriority, "ivan", " ", _clock.GetUtcNow()), _changes));
        Assert.Equal(Priority.P3, manager.Open[1].Priority);
    }

    [Theory]
    [InlineData("P9:why")]
    [InlineData("P2")]
    [InlineData("P2:  ")]
    public void ChangePriority_WithoutAValidPriorityAndReason_IsRefused(string argument)
    {
        var manager = OpenP1();
        Assert.Throws<ArgumentException>(() => manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", argument, _clock.GetUtcNow()), _changes));
        Assert.Equal(Priority.P1, manager.Open[1].Priority);
    }

    [Fact]
    public void ChangePriority_OnAResolvedIncident_IsAConflict()
    {
        var manager = OpenP1();
        manager.Act(new ManagementCommand(1, ManagementAction.Resolve, "ivan", "fixed", _clock.GetUtcNow()), _changes);
        Assert.Throws<InvalidOperationException>(() => manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ivan", "P2:why", _clock.GetUtcNow()), _changes));
        Assert.Throws<InvalidOperationException>(() => manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "why", _clock.GetUtcNow()), _changes));
    }

    [Fact]
    public void Escalate_NotifiesTheNextLevelNow_OneLevelHigherEachTime()
    {
        var manager = OpenP1();

        manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "customers are calling", _clock.GetUtcNow()), _changes);
        _clock.Advance(TimeSpan.FromMinutes(1));
        manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "still down", _clock.GetUtcNow()), _changes);

        var notices = _changes.Notices.Where(n => n.Key.Contains(":manual:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["team-lead", "incident-manager"], notices.Select(n => n.Level));
        Assert.Equal("lena", notices[0].Recipient);
        var lines = _changes.Entries.Where(e => e.Kind == "escalated").Select(e => e.Text).ToList();
        Assert.Equal("Escalated to team-lead (lena) by ivan: customers are calling", lines[0]);
        Assert.StartsWith("Escalated to incident-manager", lines[1], StringComparison.Ordinal);
        Assert.Contains(ManagementEffects.Derive(_changes, _ => null), e => e.Kind == OutboxKinds.Escalated);
    }

    /// <summary>The hierarchical escalations (by hand or by the timer), not SLA warnings/breaches to on-call nor major-incident reminders.</summary>
    private List<EscalationNotice> Hierarchical() =>
        [.. _changes.Notices.Where(n => n.Level != "crisis" && !n.Key.Contains(":sla:", StringComparison.Ordinal))];

    [Fact]
    public void Escalate_ByHand_CountsForTheTimer_WhichGoesToTheLevelAfter()
    {
        // P1 timer: team-lead at 15 min, incident-manager at 30 min (acknowledge), it-management at 4 h (resolve).
        var manager = OpenP1();
        _clock.Advance(TimeSpan.FromMinutes(5));
        manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "customers are calling", _clock.GetUtcNow()), _changes);

        foreach (var minutes in new[] { 16, 31, 241 })
        {
            _clock.SetUtcNow(Build.Monday9.AddMinutes(minutes));
            manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        }

        // team-lead was reached by hand at 5 min: the 15-min timer does not notify it again; the later levels follow on time.
        Assert.Equal(["team-lead", "incident-manager", "it-management"], Hierarchical().Select(n => n.Level));
        Assert.Single(_changes.Notices, n => n.Level == "team-lead");
        Assert.Equal(Build.Monday9.AddMinutes(31), Assert.Single(_changes.Notices, n => n.Level == "incident-manager").At);
    }

    [Fact]
    public void Escalate_ByHandTwice_SkipsEveryTimerLevelUpToTheOneReached()
    {
        var manager = OpenP1();
        manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "customers are calling", _clock.GetUtcNow()), _changes);
        manager.Act(new ManagementCommand(1, ManagementAction.Escalate, "ivan", "the press is calling", _clock.GetUtcNow()), _changes);
        _changes.Clear();

        _clock.SetUtcNow(Build.Monday9.AddMinutes(45));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        Assert.DoesNotContain(_changes.Notices, n => n.Level is "team-lead" or "incident-manager");

        _clock.SetUtcNow(Build.Monday9.AddHours(4).AddMinutes(1));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        Assert.Equal("it-management", Assert.Single(Hierarchical()).Level);
    }
}
