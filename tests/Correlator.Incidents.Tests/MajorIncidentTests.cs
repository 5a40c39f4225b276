using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

/// <summary>Crisis records of major incidents: opened by a P1 or by hand, who they mobilise, status-update reminders, their end.</summary>
public sealed class MajorIncidentTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);
    private readonly ManagementChanges _changes = new();

    [Fact]
    public void Observe_P1_OpensTheCrisisRecord_MobilisingOnCallLeadAndContacts()
    {
        var manager = new IncidentManager(Build.Options(), []);

        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);

        var crisis = Assert.Single(_changes.Crises);
        Assert.Equal("correlator", crisis.DeclaredBy);
        Assert.Equal(["on-call: ana", "team-lead: lena", "incident-manager: im@example.org", "it-management: cio@example.org"], crisis.Mobilised);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(30), crisis.NextUpdateAt);
        Assert.Contains(_changes.Notices, n => n.Key == "1:crisis:opened");
    }

    [Fact]
    public void FlagMajor_ByHand_OpensTheCrisisWithItsReason_AndASecondFlagIsRefused()
    {
        var options = Build.Options();
        options.MajorIncident.Mobilise = ["incident-manager"];
        var manager = new IncidentManager(options, []);
        manager.Observe(Build.Facts(Build.Incident(1, "intranet", Severity.Warning, _clock.GetUtcNow())), _changes);
        Assert.Empty(_changes.Crises);

        manager.Act(new ManagementCommand(1, ManagementAction.FlagMajor, "ivan", "every office is offline", _clock.GetUtcNow()), _changes);

        var crisis = Assert.Single(_changes.Crises);
        Assert.Equal(("ivan", "every office is offline"), (crisis.DeclaredBy, crisis.Reason));
        Assert.Equal(["incident-manager: im@example.org"], crisis.Mobilised);
        Assert.Throws<InvalidOperationException>(() => manager.Act(new ManagementCommand(1, ManagementAction.FlagMajor, "ivan", "again", _clock.GetUtcNow()), _changes));
    }

    [Theory]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(95, 3)]
    public void AdvanceTo_RemindsEachStatusUpdateOnce_PerPeriod(int minutes, int reminders)
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);
        _changes.Clear();

        for (int m = 0; m < minutes; m++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            manager.AdvanceTo(_clock.GetUtcNow(), _changes);
        }

        Assert.Equal(reminders, _changes.Notices.Count(n => n.Level == "crisis"));
        Assert.Equal(reminders, manager.Crises[1].Reminders);
    }

    [Fact]
    public void AdvanceTo_AfterALongGap_RemindsOnce_AndSchedulesTheNextInTheFuture()
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);
        _changes.Clear();

        _clock.Advance(TimeSpan.FromMinutes(100));
        manager.AdvanceTo(_clock.GetUtcNow(), _changes);

        Assert.Single(_changes.Notices, n => n.Level == "crisis");
        Assert.Equal(Build.Monday9.AddMinutes(120), manager.Crises[1].NextUpdateAt);
    }

    [Fact]
    public void Resolve_EndsTheCrisis_AndRestoredManagersKeepOnlyOpenCrises()
    {
        var manager = new IncidentManager(Build.Options(), []);
        manager.Observe(Build.Facts(Build.Incident(1, "payments", Severity.Critical, _clock.GetUtcNow())), _changes);
        var opened = Assert.Single(_changes.Crises);
        _changes.Clear();

        manager.Act(new ManagementCommand(1, ManagementAction.Resolve, "ana", "fixed", _clock.GetUtcNow().AddMinutes(10)), _changes);

        Assert.NotNull(Assert.Single(_changes.Crises).EndedAt);
        Assert.Empty(manager.Crises);
        var restored = new IncidentManager(Build.Options(), [manager.Open[1]], [opened]);
        Assert.Empty(restored.Crises);
    }

    [Fact]
    public void Validate_MobiliseUnknownLevel_NamesTheKey()
    {
        var options = Build.Options();
        options.MajorIncident.Mobilise = ["cto"];
        options.MajorIncident.UpdateEvery = TimeSpan.Zero;

        var errors = IncidentManagementValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:MajorIncident:Mobilise:0:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:MajorIncident:UpdateEvery:", StringComparison.Ordinal));
    }
}
