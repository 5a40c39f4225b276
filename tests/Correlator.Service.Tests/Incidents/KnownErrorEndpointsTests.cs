using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>The known-error library in the service: a matching incident is linked and shows the workaround; an overdue review is flagged.</summary>
public sealed class KnownErrorEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(
            "IncidentStage:AdvanceWithClock=false",
            "IncidentManagement:KnownErrors:0:Id=KE-disk", "IncidentManagement:KnownErrors:0:Match:alertname=Disk*",
            "IncidentManagement:KnownErrors:0:Workaround=Purge /var/log/app", "IncidentManagement:KnownErrors:0:Owner=ops",
            "IncidentManagement:KnownErrors:0:ReviewBy=2026-01-31",
            "IncidentManagement:KnownErrors:1:Id=KE-pay", "IncidentManagement:KnownErrors:1:Service=payments",
            "IncidentManagement:KnownErrors:1:Workaround=Fail over", "IncidentManagement:KnownErrors:1:Owner=payments-team",
            "IncidentManagement:KnownErrors:1:ReviewBy=2999-12-31");
        using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("DiskFull", "search", "es-1", Some.At(0), null, "warning"),
            ("Slow", "crm", "crm-1", Some.At(10), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task MatchingIncident_ShowsTheWorkaround_AndTheOverdueReview()
    {
        var matched = (await _host.GetJsonAsync("/api/incidents/1")).GetProperty("management");
        var other = (await _host.GetJsonAsync("/api/incidents/2")).GetProperty("management");

        var known = matched.GetProperty("knownError");
        Assert.Equal(("KE-disk", "Purge /var/log/app", true), (known.GetProperty("id").GetString(), known.GetProperty("workaround").GetString(), known.GetProperty("reviewOverdue").GetBoolean()));
        Assert.Contains(matched.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "known-error");
        Assert.False(other.TryGetProperty("knownError", out _));
    }

    [Fact]
    public async Task Library_ListsEntries_WithOverdueFlagAndLinkedIncidents()
    {
        var library = await _host.GetJsonAsync("/api/known-errors");

        var entries = library.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.True(entries["KE-disk"].GetProperty("reviewOverdue").GetBoolean());
        Assert.Equal(1, entries["KE-disk"].GetProperty("incidents").GetInt32());
        Assert.False(entries["KE-pay"].GetProperty("reviewOverdue").GetBoolean());
        Assert.Equal(0, entries["KE-pay"].GetProperty("incidents").GetInt32());
    }

    [Fact]
    public async Task BadLibraryEntry_StopsStartUp_NamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync("IncidentManagement:KnownErrors:0:Id=KE-x", "IncidentManagement:KnownErrors:0:Service=a", "IncidentManagement:KnownErrors:0:Owner=o", "IncidentManagement:KnownErrors:0:ReviewBy=2026-01-01"));

        Assert.Contains("IncidentManagement:KnownErrors:0:Workaround", error.Message, StringComparison.Ordinal);
    }
}
