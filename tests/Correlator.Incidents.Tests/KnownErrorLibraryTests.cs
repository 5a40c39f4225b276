using Correlator.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Incidents.Tests;

public sealed class KnownErrorLibraryTests
{
    private readonly FakeTimeProvider _clock = new(Build.Monday9);

    private static KnownError Disk => new()
    {
        Id = "KE-disk", Match = { ["alertname"] = "Disk*" }, Workaround = "Purge /var/log/app", Owner = "ops", ReviewBy = "2026-03-01",
    };

    private static KnownError Payments => new()
    {
        Id = "KE-pay", Service = "payments", Workaround = "Fail over to the second gateway", Owner = "payments-team", ReviewBy = "2026-06-30",
    };

    [Theory]
    [InlineData("DiskFull", "crm", "KE-disk")]
    [InlineData("HighLatency", "payments", "KE-pay")]
    [InlineData("DiskFull", "payments", "KE-disk")]
    [InlineData("HighLatency", "crm", null)]
    public void Match_FirstEntryWhoseSignatureTheIncidentShows(string alert, string service, string? expected)
    {
        var library = new KnownErrorLibrary([Disk, Payments]);

        var match = library.Match(service, "unclassified", [LabelSet.From(("alertname", alert))]);

        Assert.Equal(expected, match?.Id);
    }

    [Theory]
    [InlineData("2026-03-01", false)]
    [InlineData("2026-03-02", true)]
    [InlineData("2026-03-03", true)]
    public void IsOverdue_AfterTheReviewDay(string today, bool expected)
    {
        var at = DateTimeOffset.Parse(today + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, KnownErrorLibrary.IsOverdue(Disk, at));
    }

    [Fact]
    public void Observe_MatchingIncident_IsLinked_AndTheTimelineShowsTheWorkaroundAndTheOverdueReview()
    {
        var options = Build.Options();
        options.KnownErrors.Add(Disk);
        var manager = new IncidentManager(options, []);
        var changes = new ManagementChanges();
        var incident = Domain.Incident.Open(1, "service=crm", Build.Signal("DiskFull", "crm", Severity.Warning, _clock.GetUtcNow(), "fp-1", "db-9", ("alertname", "DiskFull")), "test", _clock.GetUtcNow());

        manager.Observe(new IncidentFacts(incident, ["db-9"], [LabelSet.From(("alertname", "DiskFull"))], false), changes);

        Assert.Equal("KE-disk", manager.Open[1].KnownError);
        var line = Assert.Single(changes.Entries, e => e.Kind == "known-error");
        Assert.Contains("Purge /var/log/app", line.Text, StringComparison.Ordinal);
        Assert.Contains("overdue", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IncompleteEntry_NamesEachKey()
    {
        var options = Build.Options();
        options.KnownErrors.Add(new KnownError { Id = "KE-1", ReviewBy = "soon" });
        options.KnownErrors.Add(Disk);

        var errors = IncidentManagementValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:KnownErrors:0:Match:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:KnownErrors:0:Workaround:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:KnownErrors:0:Owner:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncidentManagement:KnownErrors:0:ReviewBy:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("IncidentManagement:KnownErrors:1:", StringComparison.Ordinal));
    }
}
