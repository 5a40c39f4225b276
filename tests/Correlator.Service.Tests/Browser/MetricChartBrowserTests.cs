using System.Globalization;
using System.Net;
using System.Text;
using Correlator.Service.Security;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>An incident manager in a real browser opens an incident raised by a metric anomaly and sees the series' chart.</summary>
public sealed class MetricChartBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Admin_OpensAMetricIncident_SeesTheBandTheLineAndTheSpike()
    {
        BrowserFixture.SkipWithoutChromium();

        // Arrange: two steady hours of a CPU series (Telegraf line protocol), then one minute far off.
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(3);
        var lines = new StringBuilder();
        for (int i = 0; i < 120; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"cpu,host=web-1,service=shop usage_user={40 + (2 * random.NextDouble())} {start.AddMinutes(i).ToUnixTimeSeconds()}\n");
        }

        lines.Append(CultureInfo.InvariantCulture, $"cpu,host=web-1,service=shop usage_user=400 {start.AddMinutes(120).ToUnixTimeSeconds()}\n");
        using (var content = new StringContent(lines.ToString(), Encoding.UTF8))
        {
            using var written = await _host.Client.PostAsync("/write?db=telegraf&precision=s", content, Ct);
            Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        }

        var list = await _host.GetJsonAsync("/api/incidents");
        long id = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_host.BaseAddress + "signin");
        await page.GetByLabel("Name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(File.ReadAllText(Path.Combine(_host.DataDirectory, AccountService.InitialPasswordFile)).Trim());
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));

        // Act
        await page.GotoAsync(_host.BaseAddress + $"incidents/{id}");

        // Assert: one chart with the detector's band (after its warm-up), the value line, and the spike at the top edge.
        var chart = page.Locator("svg.metric-chart");
        await Assertions.Expect(chart).ToHaveCountAsync(1);
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("polygon.band")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("polyline.value")).ToBeVisibleAsync();
        var spike = chart.Locator("polygon.anomaly.off-scale");
        await Assertions.Expect(spike).ToHaveCountAsync(1);
        await Assertions.Expect(spike.Locator("title")).ToContainTextAsync(": 400 (expected ");

        // The band is drawn where the values are: its box and the line's overlap, and the spike's marker sits at the chart's top.
        var band = await chart.Locator("polygon.band").BoundingBoxAsync();
        var line = await chart.Locator("polyline.value").BoundingBoxAsync();
        var marker = await spike.BoundingBoxAsync();
        Assert.NotNull(band);
        Assert.NotNull(line);
        Assert.NotNull(marker);
        Assert.True(band.Height > 20, $"the band is visible, not squeezed ({band.Height:F1} px high)");
        Assert.True(line.Y < band.Y + band.Height && band.Y < line.Y + line.Height, "the value line runs through the band");
        var box = await chart.BoundingBoxAsync();
        Assert.True(marker.Y - box!.Y < 25, "the off-scale spike is marked at the top edge");
        await BrowserFixture.ScreenshotAsync(page, "incident-metric-chart");
    }
}
