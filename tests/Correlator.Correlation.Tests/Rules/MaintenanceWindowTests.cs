using Correlator.Correlation.Rules;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Rules;

public sealed class MaintenanceWindowTests
{
    // Europe/Paris leaves winter time (UTC+1) for summer time (UTC+2) on 2026-03-29 and goes back on 2026-10-25.
    // The window is 01:30-02:30 Paris time every night, so its UTC hours move with the clock change.
    [Theory]
    [InlineData("2026-03-28T00:29:00Z", false)]
    [InlineData("2026-03-28T00:45:00Z", true)]  // 01:45 CET
    [InlineData("2026-03-28T01:30:00Z", false)] // 02:30 CET, the end is exclusive
    [InlineData("2026-03-28T23:45:00Z", false)] // 00:45 CET on the 29th, before 01:30
    [InlineData("2026-03-29T00:45:00Z", true)]  // 01:45 CET on the day of the change (before 02:00)
    [InlineData("2026-03-29T23:45:00Z", true)]  // 01:45 CEST on the 30th
    [InlineData("2026-03-30T00:45:00Z", false)] // 02:45 CEST
    [InlineData("2026-10-24T23:45:00Z", true)]  // 01:45 CEST on the 25th
    [InlineData("2026-10-26T00:45:00Z", true)]  // 01:45 CET on the 26th
    [InlineData("2026-10-25T23:45:00Z", false)] // 00:45 CET on the 26th
    public void IsActive_CronInTimeZone_FollowsDaylightSaving(string at, bool active)
    {
        var window = Parse("cron: \"30 1 * * *\"\n    duration: 1h\n    timezone: Europe/Paris");

        Assert.Equal(active, window.IsActive(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Saturday 22:00 to Sunday 06:00, Paris time, across the spring change (Sunday 29 March 2026).
    [Theory]
    [InlineData("2026-03-28T20:59:00Z", false)] // Sat 21:59 CET
    [InlineData("2026-03-28T21:00:00Z", true)]  // Sat 22:00 CET
    [InlineData("2026-03-29T03:59:00Z", true)]  // Sun 05:59 CEST
    [InlineData("2026-03-29T04:00:00Z", false)] // Sun 06:00 CEST
    [InlineData("2026-03-29T04:30:00Z", false)]
    [InlineData("2026-03-27T21:30:00Z", false)] // Fri 22:30 CET
    public void IsActive_WeeklyOvernight_UsesLocalWallClock(string at, bool active)
    {
        var window = Parse("weekly: {days: [sat], from: \"22:00\", to: \"06:00\"}\n    timezone: Europe/Paris");

        Assert.Equal(active, window.IsActive(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(3_599, true)]
    [InlineData(3_600, false)]
    public void IsActive_OneOff_StartInclusiveEndExclusive(int seconds, bool active)
    {
        var window = Parse("start: 2026-03-02T10:00:00Z\n    end: 2026-03-02T11:00:00Z");

        Assert.Equal(active, window.IsActive(Some.At(seconds)));
    }

    [Fact]
    public void Process_SuppressedDuringWindow_NoIncidentButNotedInTheGroupIncident()
    {
        var driver = EngineDriver.WithRules("maintenance:\n  - name: db-upgrade\n    match: {resource: db-1}\n    start: 2026-03-02T10:00:00Z\n    end: 2026-03-02T11:00:00Z\n");
        var web = Some.Alert(name: "Latency", resource: "web-1", at: 0);
        var db = Some.Alert(name: "DbDown", resource: "db-1", at: 10);

        driver.Feed(web, db);

        var incident = Assert.Single(driver.Incidents);
        Assert.Single(incident.Links);
        var note = Assert.Single(incident.Timeline, t => t.Kind == TimelineEntryKind.Note);
        Assert.Equal($"Suppressed DbDown ({db.Fingerprint}) from test: maintenance window db-upgrade", note.Text);
        Assert.Null(driver.State(db).IncidentId);
        Assert.Equal(1, driver.Stats.Suppressed);
    }

    [Fact]
    public void Process_StillFiringAfterWindow_GroupsOnItsNextNotification()
    {
        var driver = EngineDriver.WithRules("maintenance:\n  - name: m\n    start: 2026-03-02T10:00:00Z\n    end: 2026-03-02T11:00:00Z\n");

        driver.Feed(Some.Alert(at: 10), Some.Alert(at: 1_800));
        Assert.Empty(driver.Incidents);
        driver.Feed(Some.Alert(at: 3_700));

        Assert.Single(driver.Incidents);
    }

    [Fact]
    public void Process_DowngradeWindow_SeverityLoweredAndTheLinkSaysWhy()
    {
        var driver = EngineDriver.WithRules("maintenance:\n  - name: patching\n    action: downgrade\n    severity: info\n    start: 2026-03-02T10:00:00Z\n    end: 2026-03-02T11:00:00Z\n");

        driver.Feed(Some.Alert(severity: Severity.Critical, at: 10));

        var incident = Assert.Single(driver.Incidents);
        Assert.Equal(Severity.Info, incident.Severity);
        Assert.Equal(Priority.P4, incident.Priority);
        Assert.EndsWith("(severity critical -> info by maintenance window patching)", incident.Links[0].Rule, StringComparison.Ordinal);
    }

    private static MaintenanceWindow Parse(string schedule) =>
        Assert.Single(RuleSetParser.Parse("m.yaml", "maintenance:\n  - name: m\n    " + schedule + "\n").Maintenance);
}
