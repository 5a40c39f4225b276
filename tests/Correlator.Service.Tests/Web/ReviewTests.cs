using System.Net;

namespace Correlator.Service.Tests.Web;

/// <summary>Review-meeting material from the store: the JSON figures and the printable report agree.</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private const string Period = "from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        using var storm = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("HighErrorRate", "checkout", "web-1", T0, null, "critical"),
            ("DiskFull", "billing", "db-1", T0.AddSeconds(30), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, storm.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Review_CountsThePeriodsIncidents_ByPriorityAndService()
    {
        var review = await _host.GetJsonAsync("/api/review?" + Period);
        var outside = await _host.GetJsonAsync("/api/review?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z");

        Assert.Equal(2, review.GetProperty("incidents").GetInt32());
        Assert.Equal(2, review.GetProperty("byService").GetArrayLength());
        Assert.Equal(2, review.GetProperty("byPriority").EnumerateArray().Sum(r => r.GetProperty("count").GetInt32()));
        Assert.Equal(0, outside.GetProperty("incidents").GetInt32());
    }

    [Fact]
    public async Task ReviewPage_IsTheSelfContainedReport_WithTheJsonFigures()
    {
        var review = await _host.GetJsonAsync("/api/review?" + Period);
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);

        var html = await client.GetStringAsync("/review?" + Period, TestContext.Current.CancellationToken);

        Assert.Contains("Incident review 2026-03-01 to 2026-03-03", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{review.GetProperty("incidents").GetInt32()}</b>", html, StringComparison.Ordinal);
        Assert.Contains("checkout", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-03-03T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    public async Task Review_BadPeriod_Is400NamingTheParameter(string query, string field)
    {
        using var response = await _host.Client.GetAsync("/api/review?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
