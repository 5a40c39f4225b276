using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

/// <summary>
/// <see cref="IncidentManager.AdvanceTo"/> looks only at incidents that are due or changed: every timer must still fire
/// exactly when due — several incidents with different due times, due times moved by actions and priority changes, a
/// manager rebuilt from the store — and a pass with nothing due records nothing.
/// </summary>
public sealed class IncidentTimerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private readonly FakeTimeProvider _clock = new(Build.Monday9);

    private static DateTimeOffset T0 => Build.Monday9;

    public static TheoryData<string, double, string[]> SeveralIncidentsCases => new()
    {
        // instant (minutes after the first opening, plus one tick for a breach: elapsed > target) → notices due then.
        // Incidents: 1 payments/critical P1 at 0, 2 payments/major P2 at 1, 3 crm/major P3 at 2, 4 crm/warning P4 at 3.
        { "P1 acknowledge warning (80 % of 15 min)", 12, ["1:sla:acknowledge:warning"] },
        { "P1 team-lead escalation", 15, ["1:acknowledge:team-lead"] },
        { "P1 acknowledge breach", 15 + TickMinutes, ["1:sla:acknowledge:breach"] },
        { "P2 acknowledge warning (80 % of 30 min)", 25, ["2:sla:acknowledge:warning"] },
        { "P1 incident-manager escalation", 30, ["1:acknowledge:incident-manager"] },
        { "P2 acknowledge breach", 31 + TickMinutes, ["2:sla:acknowledge:breach"] },
        { "P3 acknowledge warning (80 % of 2 h)", 98, ["3:sla:acknowledge:warning"] },
        { "P3 acknowledge breach", 122 + TickMinutes, ["3:sla:acknowledge:breach"] },
        { "P1 resolve warning (80 % of 4 h)", 192, ["1:sla:resolve:warning"] },
        { "P4 acknowledge warning (80 % of 4 h)", 195, ["4:sla:acknowledge:warning"] },
        { "P1 it-management escalation", 240, ["1:resolve:it-management"] },
        { "P1 resolve breach", 240 + TickMinutes, ["1:sla:resolve:breach"] },
        { "P4 acknowledge breach", 243 + TickMinutes, ["4:sla:acknowledge:breach"] },
        { "P2 resolve warning (80 % of 8 h)", 385, ["2:sla:resolve:warning"] },
        { "P4 resolve warning (80 % of 8 h)", 387, ["4:sla:resolve:warning"] },
        { "P2 resolve breach", 481 + TickMinutes, ["2:sla:resolve:breach"] },
        { "P4 resolve breach", 483 + TickMinutes, ["4:sla:resolve:breach"] },
        { "P3 resolve warning (80 % of 24 h)", 1154, ["3:sla:resolve:warning"] },
        { "P3 resolve breach", 1442 + TickMinutes, ["3:sla:resolve:breach"] },
    };

    private const double TickMinutes = 1.0 / TimeSpan.TicksPerMinute;

    [Theory]
    [MemberData(nameof(SeveralIncidentsCases))]
    public void AdvanceTo_SeveralIncidents_EachTimerFiresExactlyAtItsInstant(string name, double minutes, string[] expected)
    {
        var manager = OpenFour();
        var at = At(minutes);
        var before = new List<EscalationNotice>();

        // Walk up to the instant in uneven steps (each step a pass), as the watermark does.
        for (int i = 0; _clock.GetUtcNow() + TimeSpan.FromMinutes(7) < at - Tick; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(i % 2 == 0 ? 7 : 3));
            var step = new ManagementChanges();
            manager.AdvanceTo(_clock.GetUtcNow(), step);
            before.AddRange(step.Notices);
        }

        var justBefore = new ManagementChanges();
        manager.AdvanceTo(at - Tick, justBefore);
        var atInstant = new ManagementChanges();
        manager.AdvanceTo(at, atInstant);

        Assert.True(expected.All(key => !Keys(before).Contains(key) && !Keys(justBefore.Notices).Contains(key)), $"{name}: fired before its instant");
        Assert.Equal(expected.Order(StringComparer.Ordinal), Keys(atInstant.Notices).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, Severity, (int Minute, ManagementAction Action, string? Argument)[], double, string[]> MovedCases => new()
    {
        // incident (payments; critical = P1, major = P2, warning = P3) opened at 0, actions at minutes, then the instant → notices due then
        { "priority raised by hand: P3's 96 min warning comes at P1's 12", Severity.Warning, [(10, ManagementAction.ChangePriority, "P1:customers affected")], 12, ["sla:acknowledge:warning"] },
        { "priority lowered by hand: P1's 12 min warning moves to P4's 192", Severity.Critical, [(10, ManagementAction.ChangePriority, "P4:test system")], 192, ["sla:acknowledge:warning"] },
        { "hold 5-65 min: the 12 min warning moves to 72", Severity.Critical, [(5, ManagementAction.Hold, "vendor"), (65, ManagementAction.Resume, "vendor answered")], 72, ["sla:acknowledge:warning"] },
        { "hold 5-65 min: the 15 min escalation moves to 75", Severity.Critical, [(5, ManagementAction.Hold, "vendor"), (65, ManagementAction.Resume, "vendor answered")], 75, ["acknowledge:team-lead"] },
        { "hold 5-65 min: the acknowledge breach moves to 75 and a tick", Severity.Critical, [(5, ManagementAction.Hold, "vendor"), (65, ManagementAction.Resume, "vendor answered")], 75 + TickMinutes, ["sla:acknowledge:breach"] },
        { "acknowledged at 5: the resolve warning still comes at 192", Severity.Critical, [(5, ManagementAction.Acknowledge, null)], 192, ["sla:resolve:warning"] },
        { "escalated by hand to team-lead: the timer's next level at 30", Severity.Critical, [(5, ManagementAction.Escalate, "customers calling")], 30, ["acknowledge:incident-manager"] },
    };

    [Theory]
    [MemberData(nameof(MovedCases))]
    public void AdvanceTo_DueTimeMovedByAnAction_FiresAtTheNewInstantOnly(string name, Severity severity, (int Minute, ManagementAction Action, string? Argument)[] actions, double minutes, string[] expected)
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", severity, T0)), new ManagementChanges());
        var at = At(minutes);
        var fired = new List<EscalationNotice>();

        // A pass every minute (the watermark moving), the actions at their minute (as the stage runs them: time moved first).
        for (int m = 1; At(m) < at - Tick; m++)
        {
            var step = new ManagementChanges();
            manager.AdvanceTo(At(m), step);
            foreach (var (minute, action, argument) in actions.Where(a => a.Minute == m))
            {
                manager.Act(new ManagementCommand(1, action, "ana", argument, At(m)), step);
            }

            fired.AddRange(step.Notices.Where(n => !n.Key.Contains(":manual:", StringComparison.Ordinal)));
        }

        var justBefore = new ManagementChanges();
        manager.AdvanceTo(at - Tick, justBefore);
        var atInstant = new ManagementChanges();
        manager.AdvanceTo(at, atInstant);

        Assert.True(expected.All(key => !Keys(fired).Contains("1:" + key) && !Keys(justBefore.Notices).Contains("1:" + key)), $"{name}: fired before its instant");
        Assert.Equal(expected.Select(k => "1:" + k).Order(StringComparer.Ordinal), Keys(atInstant.Notices).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AdvanceTo_RaisedToP1ByHandAfter20Minutes_OverdueTimersFireAtTheNextPass()
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Major, T0)), new ManagementChanges());
        var before = new ManagementChanges();
        manager.AdvanceTo(At(20), before);
        Assert.Equal(Priority.P2, manager.Open[1].Priority);
        Assert.Empty(Keys(before.Notices)); // P2: acknowledge warning at 24 min

        manager.Act(new ManagementCommand(1, ManagementAction.ChangePriority, "ana", "P1:outage", At(20)), new ManagementChanges());
        var pass = new ManagementChanges();
        manager.AdvanceTo(At(20), pass);

        // A breach counts its warning as sent (SLA warning and breach at once would be noise).
        Assert.Equal(["1:acknowledge:team-lead", "1:sla:acknowledge:breach"], Keys(pass.Notices).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AdvanceTo_PriorityRaisedByThePolicy_FiresTheNewPrioritysTimerWhenDue()
    {
        // crm/major is P3 (acknowledge warning at 96 min); three components and rising make it P1 (warning at 12 min).
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "crm", Severity.Major, T0);
        manager.Observe(Build.Facts(incident, "web-1"), new ManagementChanges());
        manager.AdvanceTo(At(5), new ManagementChanges());
        var grown = incident.Attach(Build.Signal("HighLatency", "crm", Severity.Major, At(10), "fp-2", "web-2"), "test", At(10));
        manager.Observe(Build.Facts(grown, "web-1", "web-2", "web-3"), new ManagementChanges());
        Assert.Equal(Priority.P1, manager.Open[1].Priority);

        var justBefore = new ManagementChanges();
        manager.AdvanceTo(At(12) - Tick, justBefore);
        var atInstant = new ManagementChanges();
        manager.AdvanceTo(At(12), atInstant);

        Assert.DoesNotContain(justBefore.Notices, n => n.Level != "crisis");
        Assert.Contains("1:sla:acknowledge:warning", Keys(atInstant.Notices));
    }

    public static TheoryData<string, int, double, string[]> RestartCases => new()
    {
        // the first manager advances to minute, a second one is built from its records; instant → notices due then
        { "restarted before the warning: it fires at 12", 10, 12, ["1:sla:acknowledge:warning"] },
        { "restarted between warning and escalation: the escalation at 15", 13, 15, ["1:acknowledge:team-lead"] },
        { "restarted after the breach: the next escalation at 30", 16, 30, ["1:acknowledge:incident-manager"] },
    };

    [Theory]
    [MemberData(nameof(RestartCases))]
    public void AdvanceTo_ManagerRebuiltFromItsRecords_FiresWhatIsDueNotWhatWasSent(string name, int restartAt, double minutes, string[] expected)
    {
        var first = new IncidentManager(Build.Options(), []);
        first.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, T0)), new ManagementChanges());
        for (int m = 1; m <= restartAt; m++)
        {
            first.AdvanceTo(At(m), new ManagementChanges());
        }

        var restarted = new IncidentManager(Build.Options(), [.. first.Open.Values], [.. first.Crises.Values]);
        var at = At(minutes);
        var justBefore = new ManagementChanges();
        restarted.AdvanceTo(at - Tick, justBefore);
        var atInstant = new ManagementChanges();
        restarted.AdvanceTo(at, atInstant);

        Assert.True(expected.All(key => !Keys(justBefore.Notices).Contains(key)), $"{name}: fired before its instant");
        Assert.Equal(expected.Order(StringComparer.Ordinal), Keys(atInstant.Notices).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AdvanceTo_RestoredWithOverdueTimers_FiresThemAllAtTheFirstPass()
    {
        var first = new IncidentManager(Build.Options(), []);
        first.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, T0)), new ManagementChanges());

        var restarted = new IncidentManager(Build.Options(), [.. first.Open.Values], [.. first.Crises.Values]);
        var pass = new ManagementChanges();
        restarted.AdvanceTo(At(20), pass);

        Assert.Equal(["1:acknowledge:team-lead", "1:sla:acknowledge:breach"], Keys(pass.Notices).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AdvanceTo_NothingDueNothingChanged_RecordsNothingAndKnowsTheNextInstant()
    {
        var manager = OpenFour();
        var first = new ManagementChanges();
        manager.AdvanceTo(At(5), first);

        Assert.Equal(At(12), manager.NextDueAt); // the P1's acknowledge warning
        for (int s = 1; s < 7 * 60; s++)
        {
            var pass = new ManagementChanges();
            manager.AdvanceTo(At(5) + TimeSpan.FromSeconds(s), pass);
            Assert.True(pass.IsEmpty, $"a pass at 5 min + {s} s recorded something");
        }

        var due = new ManagementChanges();
        manager.AdvanceTo(At(12), due);
        Assert.Equal(["1:sla:acknowledge:warning"], Keys(due.Notices));
        Assert.Equal(At(15), manager.NextDueAt); // the P1's team-lead escalation
    }

    [Fact]
    public void AdvanceTo_NoSlaNoEscalationConfigured_NothingIsEverDue()
    {
        var options = Build.Options();
        options.Sla.Clear();
        options.Escalation.Clear();
        var manager = new IncidentManager(options, []);
        manager.Observe(Build.Facts(Build.Incident(1, "crm", Severity.Major, T0)), new ManagementChanges());

        var pass = new ManagementChanges();
        manager.AdvanceTo(At(1), pass);

        Assert.True(pass.IsEmpty);
        Assert.Equal(DateTimeOffset.MaxValue, manager.NextDueAt);
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>
    /// Against a reference that looks at every incident: before each pass a fresh manager is built from the records
    /// (a fresh manager has every incident to look at), and both must record the same at the same instant. Random
    /// incidents, services (one in office hours), actions and uneven steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void AdvanceTo_RandomSchedule_RecordsExactlyWhatAFullScanRecords(int seed)
    {
        var random = new Random(seed);
        string[] services = ["payments", "crm", "intranet", "shop"];
        var severities = new[] { Severity.Critical, Severity.Major, Severity.Warning, Severity.Info };
        var manager = new IncidentManager(Build.Options(), []);
        var now = T0;
        long nextId = 1;
        int fired = 0;
        for (int step = 0; step < 300; step++)
        {
            var reference = new IncidentManager(Build.Options(), [.. manager.Open.Values], [.. manager.Crises.Values]);
            var expected = new ManagementChanges();
            reference.AdvanceTo(now, expected);
            var actual = new ManagementChanges();
            manager.AdvanceTo(now, actual);
            Assert.Equal(Keys(expected.Notices).Order(StringComparer.Ordinal), Keys(actual.Notices).Order(StringComparer.Ordinal));
            Assert.Equal(expected.Entries.Select(e => $"{e.IncidentId} {e.At:O} {e.Kind} {e.Text}").Order(StringComparer.Ordinal),
                actual.Entries.Select(e => $"{e.IncidentId} {e.At:O} {e.Kind} {e.Text}").Order(StringComparer.Ordinal));
            fired += actual.Notices.Count;

            // Then something happens at this instant: an incident opens, a person acts, or nothing.
            var sink = new ManagementChanges();
            switch (random.Next(6))
            {
                case 0:
                    manager.Observe(Build.Facts(Build.Incident(nextId++, services[random.Next(services.Length)], severities[random.Next(severities.Length)], now)), sink);
                    break;
                case 1 or 2 when manager.Open.Count > 0:
                    TryAct(manager, random, now, sink);
                    break;
            }

            now += random.Next(4) switch
            {
                0 => TimeSpan.FromTicks(random.Next(1, 10)),
                1 => TimeSpan.FromSeconds(random.Next(1, 120)),
                2 => TimeSpan.FromMinutes(random.Next(1, 20)),
                _ => TimeSpan.FromMinutes(random.Next(20, 180)),
            };
        }

        Assert.True(fired > 20, $"only {fired} notices: the schedule does not exercise the timers");
    }

    private static void TryAct(IncidentManager manager, Random random, DateTimeOffset now, ManagementChanges changes)
    {
        var ids = manager.Open.Keys.Order().ToList();
        var id = ids[random.Next(ids.Count)];
        var (action, argument) = random.Next(7) switch
        {
            0 => (ManagementAction.Acknowledge, (string?)null),
            1 => (ManagementAction.Hold, "vendor"),
            2 => (ManagementAction.Resume, "back"),
            3 => (ManagementAction.ChangePriority, $"P{random.Next(1, 5)}:by hand"),
            4 => (ManagementAction.Escalate, "calls"),
            5 => (ManagementAction.ClearPriority, "policy again"),
            _ => (ManagementAction.Resolve, "fixed"),
        };
        try
        {
            manager.Act(new ManagementCommand(id, action, "ana", argument, now), changes);
        }
        catch (InvalidOperationException)
        {
            // The state forbids it (already acknowledged, not on hold, resolved): nothing changed.
        }
    }

    private static IncidentManager OpenFour()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var sink = new ManagementChanges();
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, T0)), sink);
        manager.Observe(Build.Facts(Build.Incident(2, "payments", Severity.Major, At(1))), sink);
        manager.Observe(Build.Facts(Build.Incident(3, "crm", Severity.Major, At(2))), sink);
        manager.Observe(Build.Facts(Build.Incident(4, "crm", Severity.Warning, At(3))), sink);
        Assert.Equal([Priority.P1, Priority.P2, Priority.P3, Priority.P4], manager.Open.Values.OrderBy(m => m.IncidentId).Select(m => m.Priority));
        return manager;
    }

    private static DateTimeOffset At(double minutes) => T0 + TimeSpan.FromTicks((long)Math.Round(minutes * TimeSpan.TicksPerMinute));

    /// <summary>Notice keys without crisis reminders (their own timer, checked by the reference test and MajorIncidentTests).</summary>
    private static string[] Keys(IEnumerable<EscalationNotice> notices) =>
        [.. notices.Where(n => n.Level != "crisis").Select(n => n.Key)];
}
