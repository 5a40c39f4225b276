using Correlator.Domain;

namespace Correlator.Incidents.Tests;

public sealed class StatusSummaryWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static CrisisRecord Crisis() => new()
    {
        IncidentId = 42,
        DeclaredAt = T0.AddMinutes(5),
        DeclaredBy = "correlator",
        Reason = "priority P1",
        Mobilised = ["on-call: ana", "team-lead: lena", "incident-manager: im@example.org"],
        UpdateEvery = TimeSpan.FromMinutes(30),
        NextUpdateAt = T0.AddMinutes(65),
        Reminders = 1,
    };

    private static ManagedIncident Managed() => new()
    {
        IncidentId = 42,
        Service = "payments",
        OpenedAt = T0,
        Impact = Impact.High,
        Urgency = Urgency.High,
        Priority = Priority.P1,
        Components = 3,
        Group = "payments-team",
        Assignee = "ana",
        AcknowledgedAt = T0.AddMinutes(12),
        Major = true,
    };

    private static List<ManagementEntry> Timeline() =>
    [
        new(42, T0, "classified", "Category availability"),
        new(42, T0.AddMinutes(5), "crisis", "Crisis record opened by correlator (priority P1)"),
        new(42, T0.AddMinutes(12), "acknowledge", "Acknowledged by ana"),
        new(42, T0.AddMinutes(20), "escalated", "Escalated to team-lead"),
        new(42, T0.AddMinutes(40), "assign", "Assigned to payments-team (ana): failover to the second data centre"),
        new(7, T0.AddMinutes(41), "acknowledge", "Acknowledged by bo"),
    ];

    [Fact]
    public void Write_OngoingCrisis_SaysWhatSinceImpactStatusDecisionsNextUpdateAndWho()
    {
        var summary = StatusSummaryWriter.Write(Crisis(), Managed(), "Errors on payments", ["pay-1", "pay-2", "db-1"], Timeline(), T0.AddMinutes(45));

        Assert.Equal("Major incident 42 (P1) is ongoing: Errors on payments.", summary.Headline);
        Assert.Equal("Service payments is affected, 3 components: pay-1, pay-2, db-1.", summary.Affected);
        Assert.Equal("It started at 2026-03-02 10:00 UTC and was declared a major incident at 2026-03-02 10:05 UTC by correlator (priority P1); it has lasted 45 min so far.", summary.Since);
        Assert.Equal("Business impact is high and urgency high, hence priority P1.", summary.Impact);
        Assert.Equal("Current status: being worked on by payments-team (ana), acknowledged at 2026-03-02 10:12 UTC; not resolved yet.", summary.Status);
        Assert.Equal(
            ["10:05 Crisis record opened by correlator (priority P1)", "10:12 Acknowledged by ana", "10:40 Assigned to payments-team (ana): failover to the second data centre"],
            summary.Decisions);
        Assert.Equal("Next status update at 2026-03-02 11:05 UTC (every 30 min; 1 reminded so far).", summary.NextUpdate);
        Assert.Equal("Mobilised: on-call: ana, team-lead: lena, incident-manager: im@example.org.", summary.Mobilised);
        Assert.StartsWith(summary.Headline + " " + summary.Affected, summary.Text, StringComparison.Ordinal);
        Assert.Contains("Decisions: 10:05 Crisis record opened", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ResolvedCrisis_SaysRestoredAndNoFurtherUpdate()
    {
        var managed = Managed() with { ResolvedAt = T0.AddHours(2).AddMinutes(15) };
        var crisis = Crisis() with { EndedAt = T0.AddHours(2).AddMinutes(15) };

        var summary = StatusSummaryWriter.Write(crisis, managed, "Errors on payments", [], [], T0.AddHours(3));

        Assert.Equal("Major incident 42 (P1) is resolved: Errors on payments.", summary.Headline);
        Assert.Equal("Service payments is affected, 3 components.", summary.Affected);
        Assert.EndsWith("it lasted 2 h 15 min.", summary.Since, StringComparison.Ordinal);
        Assert.Equal("Service was restored at 2026-03-02 12:15 UTC; resolved by payments-team (ana).", summary.Status);
        Assert.Empty(summary.Decisions);
        Assert.Contains("No decision recorded yet.", summary.Text, StringComparison.Ordinal);
        Assert.Equal("The crisis ended at 2026-03-02 12:15 UTC; no further update is scheduled.", summary.NextUpdate);
    }
}
