using System.Net;
using Correlator.Service.Tests.Security;

namespace Correlator.Service.Tests.Web;

/// <summary>The server-rendered pages over HTTP (the browser tests drive the same pages in Chromium).</summary>
public sealed class PagesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        using var storm = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("HighErrorRate", "checkout", "web-1", T0, null, "critical"),
            ("HighLatency", "checkout", "web-2", T0.AddSeconds(20), null, "major"),
            ("DiskFull", "billing", "db-1", T0.AddSeconds(30), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, storm.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task IncidentList_ShowsCountsPerPriority_AndEachIncident()
    {
        var page = await ViewerPageAsync("/incidents");
        var api = await _host.GetJsonAsync("/api/incidents?service=checkout");
        var priority = api.GetProperty("items")[0].GetProperty("priority").GetString();

        Assert.Contains($"data-priority=\"{priority}\">1</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span id=\"total\">2</span>", page, StringComparison.Ordinal);
        Assert.Contains("checkout", page, StringComparison.Ordinal);
        Assert.Contains("billing", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentList_Filters_ByService()
    {
        var page = await ViewerPageAsync("/incidents?service=billing");

        Assert.Contains("<span id=\"total\">1</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("HighErrorRate", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentDetail_DrawsEachSignal_AndListsItsRuleAndTimeline()
    {
        var list = await _host.GetJsonAsync("/api/incidents?service=checkout");
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt64();

        var page = await ViewerPageAsync($"/incidents/{id}");

        Assert.Equal(2, CountOf(page, "<rect "));
        Assert.Contains("HighErrorRate", page, StringComparison.Ordinal);
        Assert.Contains("HighLatency", page, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"timeline\">", page, StringComparison.Ordinal);
        var detail = await _host.GetJsonAsync($"/api/incidents/{id}");
        Assert.Contains(detail.GetProperty("links")[1].GetProperty("rule").GetString()!, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignalNames_AreEncoded_NotInjected()
    {
        using var hostile = await _host.PostJsonAsync("/ingest/events",
            """{"source":"x","name":"<script>alert(1)</script>","service":"evil","time":"2026-03-02T10:00:00Z"}""");
        var list = await _host.GetJsonAsync("/api/incidents?service=evil");
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt64();

        var page = await ViewerPageAsync($"/incidents/{id}");

        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIncident_Is404()
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync("/incidents/987654", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pages_SendSecurityHeaders()
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync("/incidents", TestContext.Current.CancellationToken);

        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    private async Task<string> ViewerPageAsync(string path)
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
