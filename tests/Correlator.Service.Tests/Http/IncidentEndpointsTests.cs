using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Http;

public sealed class IncidentEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        // checkout: 5 resources, critical -> P1; search: 1 resource, warning -> P4; billing: 2 resources, major -> P3.
        var alerts = Enumerable.Range(1, 5).Select(i => ("Errors", "checkout", $"web-{i}", Some.At(i), (DateTimeOffset?)null, "critical"))
            .Append(("DiskFull", "search", "es-1", Some.At(600), null, "warning"))
            .Append(("Slow", "billing", "db-1", Some.At(1200), null, "major"))
            .Append(("Slow", "billing", "db-2", Some.At(1201), null, "major"))
            .ToArray();
        using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(alerts));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("", 3)]
    [InlineData("?priority=P1", 1)]
    [InlineData("?priority=p4", 1)]
    [InlineData("?priority=P2", 0)]
    [InlineData("?state=new", 3)]
    [InlineData("?state=resolved", 0)]
    [InlineData("?service=billing", 1)]
    [InlineData("?from=2026-03-02T10:05:00Z", 2)]
    [InlineData("?to=2026-03-02T10:05:00Z", 1)]
    [InlineData("?from=2026-03-02T10:05:00Z&to=2026-03-02T10:15:00Z", 1)]
    public async Task List_Filters_SelectIncidents(string query, int expected)
    {
        var page = await _host.GetJsonAsync("/api/incidents" + query);

        Assert.Equal(expected, page.GetProperty("total").GetInt32());
        Assert.Equal(expected, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_Paging_ReturnsNewestFirstInPages()
    {
        var first = await _host.GetJsonAsync("/api/incidents?limit=2");
        var second = await _host.GetJsonAsync("/api/incidents?limit=2&offset=2");

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(new[] { "billing", "search" }, first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("service").GetString()));
        Assert.Equal("checkout", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("service").GetString());
    }

    [Fact]
    public async Task List_ByFingerprint_FindsTheIncidentHoldingTheSignal()
    {
        var detail = await _host.GetJsonAsync("/api/incidents/1");
        var fingerprint = detail.GetProperty("signals")[0].GetProperty("fingerprint").GetString();

        var page = await _host.GetJsonAsync("/api/incidents?fingerprint=" + fingerprint);

        Assert.Equal(1, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("?state=burning", "state")]
    [InlineData("?priority=P9", "priority")]
    [InlineData("?priority=1", "priority")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?from=tomorrow", "from")]
    public async Task List_InvalidQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        using var response = await _host.Client.GetAsync("/api/incidents" + query, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{parameter}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Existing_ReturnsSignalsLinksAndTimeline()
    {
        var detail = await _host.GetJsonAsync("/api/incidents/1");

        var incident = detail.GetProperty("incident");
        Assert.Equal("P1", incident.GetProperty("priority").GetString());
        Assert.Equal("high", incident.GetProperty("impact").GetString());
        Assert.Equal(5, detail.GetProperty("signals").GetArrayLength());
        Assert.Equal(5, detail.GetProperty("links").GetArrayLength());
        Assert.All(detail.GetProperty("links").EnumerateArray(), l => Assert.Contains("service=checkout", l.GetProperty("rule").GetString(), StringComparison.Ordinal));
        Assert.Equal("opened", detail.GetProperty("timeline")[0].GetProperty("kind").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "priority_changed");
        var attached = detail.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "signal_attached").ToList();
        Assert.Equal(4, attached.Count);
        Assert.All(attached, e => Assert.Contains("from alertmanager attached: group service=checkout", e.GetProperty("text").GetString(), StringComparison.Ordinal));
        var times = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        var kinds = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("signal_attached", kinds[kinds.IndexOf("priority_changed", 2) - 1]);
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        using var response = await _host.Client.GetAsync("/api/incidents/999", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
