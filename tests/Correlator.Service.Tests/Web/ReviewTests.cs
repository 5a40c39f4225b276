using System.Net;
using System.Text.RegularExpressions;

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

    [Fact]
    public async Task ReviewPage_ChoosesItsPeriodInAForm_AndShowsNoiseReductionPerStage_AsTheJsonAndStatsHaveIt()
    {
        var stats = await _host.GetJsonAsync("/api/stats");
        var review = await _host.GetJsonAsync("/api/review?" + Period);
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);

        // The form's datetime-local values have no offset: they are read as UTC.
        var html = await client.GetStringAsync("/review?from=2026-03-01T00:00&to=2026-03-03T00:00", TestContext.Current.CancellationToken);

        Assert.Contains("Incident review 2026-03-01 to 2026-03-03", html, StringComparison.Ordinal);
        Assert.Contains("name=\"from\" type=\"datetime-local\" required value=\"2026-03-01T00:00\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"to\" type=\"datetime-local\" required value=\"2026-03-03T00:00\"", html, StringComparison.Ordinal);
        Assert.Contains("<b>2</b>", html, StringComparison.Ordinal);
        Assert.Contains("@media print{nav.top,form.period{display:none}", html, StringComparison.Ordinal);
        var stages = review.GetProperty("noiseStages").EnumerateArray().ToList();
        Assert.Equal(stats.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()), stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal(stats.GetProperty("signalsIn").GetInt64(), stages[0].GetProperty("in").GetInt64());
        Assert.True(stages[0].GetProperty("in").GetInt64() >= 2, "both alerts were received");
        foreach (var stage in stages)
        {
            Assert.Contains($"<tr><td>{stage.GetProperty("stage").GetString()}</td><td>{stage.GetProperty("in").GetInt64()}</td><td>{stage.GetProperty("removed").GetInt64()}</td><td>{stage.GetProperty("out").GetInt64()}</td>", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-03-03T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("to=2026-13-45", "to")]
    public async Task Review_BadPeriod_Is400NamingTheParameter(string query, string field)
    {
        using var response = await _host.Client.GetAsync("/api/review?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=yesterday&to=2026-03-03T00:00", "from", "From (UTC)", "&#39;yesterday&#39; is not an RFC 3339 time", "yesterday", "2026-03-03T00:00")]
    [InlineData("from=2026-03-03T00:00&to=2026-03-01T00:00", "from", "From (UTC)", "must be before to", "2026-03-03T00:00", "2026-03-01T00:00")]
    [InlineData("to=2026-13-45", "to", "To (UTC)", "&#39;2026-13-45&#39; is not an RFC 3339 time", "", "2026-13-45")]
    public async Task ReviewPage_BadPeriod_Is400WithTheFormAgainAndAPlainMessageNamingTheField(string query, string field, string label, string message, string from, string to)
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);

        using var response = await client.GetAsync("/review?" + query, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<p class=\"period-error\" role=\"alert\" id=\"period-error\">The period is not valid. <strong>{label}</strong>: {message}", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"from\" type=\"datetime-local\" required value=\"{from}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"to\" type=\"datetime-local\" required value=\"{to}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"{field}\" type=\"datetime-local\" required value=\"{(field == "from" ? from : to)}\" aria-invalid=\"true\" aria-describedby=\"period-error\"", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "aria-invalid=\"true\""));
        Assert.DoesNotContain("\"status\":400", html, StringComparison.Ordinal);
    }
}
