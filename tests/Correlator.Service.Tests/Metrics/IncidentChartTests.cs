using System.Globalization;
using System.Net;
using System.Text;

namespace Correlator.Service.Tests.Metrics;

public sealed class IncidentChartTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task WriteAsync(string query, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        using var response = await _host.Client.PostAsync("/write" + query, content, Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Write_SpikeMakesAnIncident_PageChartsTheSeriesAndApiReturnsThePoints()
    {
        // Arrange: a steady hour, then one minute far off.
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        var steady = new StringBuilder();
        for (int i = 0; i < 60; i++)
        {
            steady.Append(CultureInfo.InvariantCulture, $"cpu,host=web-1,service=shop usage_user={40 + random.NextDouble()} {start.AddMinutes(i).ToUnixTimeSeconds()}\n");
        }

        await WriteAsync("?db=telegraf&precision=s", steady.ToString());

        // Act
        await WriteAsync("?db=telegraf&precision=s", $"cpu,host=web-1,service=shop usage_user=400 {start.AddMinutes(60).ToUnixTimeSeconds()}");

        // Assert: the API.
        var list = await _host.GetJsonAsync("/api/incidents");
        long id = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
        var series = Assert.Single((await _host.GetJsonAsync($"/api/incidents/{id}/series")).EnumerateArray());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(61, points.Count);
        Assert.True(points[^1].GetProperty("anomalous").GetBoolean());
        Assert.Equal(400, points[^1].GetProperty("value").GetDouble());
        Assert.True(points[^1].GetProperty("upper").GetDouble() < 400);
        Assert.True(points[^1].GetProperty("lower").GetDouble() < points[^1].GetProperty("upper").GetDouble());

        // The band is the bank's ewma detector's own: none while it warms up (20 values), then every normal value inside it.
        Assert.Equal("detector", series.GetProperty("band").GetString());
        Assert.All(points.Take(20), p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("upper").ValueKind));
        Assert.All(points.Skip(20).SkipLast(1), p =>
        {
            Assert.False(p.GetProperty("anomalous").GetBoolean());
            Assert.InRange(p.GetProperty("value").GetDouble(), p.GetProperty("lower").GetDouble(), p.GetProperty("upper").GetDouble());
        });

        // Assert: the page.
        var page = await _host.Client.GetStringAsync($"/incidents/{id}", Ct);
        Assert.Contains("Anomalous metric series", page, StringComparison.Ordinal);
        Assert.Contains("class=\"metric-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("<polygon class=\"band\"", page, StringComparison.Ordinal);
        // 400 is far beyond the normal range (40 to 41): drawn at the top edge as a triangle, so the normal minutes keep their scale.
        Assert.Contains("<polygon class=\"anomaly off-scale\"", page, StringComparison.Ordinal);
        Assert.Contains(": 400 (expected ", page, StringComparison.Ordinal);
        Assert.Contains("above the scale", page, StringComparison.Ordinal);
        Assert.DoesNotContain("states no decision band", page, StringComparison.Ordinal);
        using var missing = await _host.Client.GetAsync("/api/incidents/999999/series", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
