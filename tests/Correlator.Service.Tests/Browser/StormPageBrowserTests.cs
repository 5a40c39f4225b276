using System.Net.Http.Json;
using Correlator.Service.Tests.Web;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>
/// A viewer in a real browser on a storm's incident: the down-sampled chart, the paged signal table and the
/// shortened timeline; and the limits of the role (no action controls on the pages, its POSTs refused).
/// </summary>
public sealed class StormPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ViewerPassword = "viewer-password-1";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private ServiceHost _host = null!;
    private long _id;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _id = await StormPagesTests.IngestStormAsync(_host, T0);
        using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name = "vera", password = ViewerPassword, role = "viewer" }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Viewer_OpensAStorm_SeesBandsPagesSignals_AndUnfoldsTheTimeline()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"#{_id} " }).ClickAsync();
        await Assertions.Expect(page.Locator("svg.chart g.band")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("table.signals tbody tr")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("ol.timeline:not(#management-timeline) li[class^=kind-]")).ToHaveCountAsync(50);
        await BrowserFixture.ScreenshotAsync(page, "incident-detail-storm");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Later signals" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"Signals 51–100 of {StormPagesTests.Signals}")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("show the whole timeline") }).ClickAsync();
        var whole = await page.Locator("ol.timeline:not(#management-timeline) li[class^=kind-]").CountAsync();
        Assert.True(whole > 50, $"the whole timeline has {whole} lines");
        await Assertions.Expect(page.GetByText($"Signals 51–100 of {StormPagesTests.Signals}")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoActionControls_AndItsPostsAreRefused()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        // What a viewer may do on the pages: filter (a GET form) and page through. Nothing that posts.
        foreach (var path in new[] { "incidents", $"incidents/{_id}" })
        {
            await page.GotoAsync(_host.BaseAddress + path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("main form[method=post], main form[method=POST]").CountAsync());
            var buttons = await page.Locator("main button").AllTextContentsAsync();
            Assert.All(buttons, text => Assert.Equal("Filter", text.Trim()));
        }

        // Its session posting with its own anti-forgery token to what an administrator may do: refused.
        var token = await page.Locator("header input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var post = await page.APIRequest.PostAsync(_host.BaseAddress + "api/rules/reload", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token ?? "" },
        });
        Assert.Equal(403, post.Status);
        var account = await page.APIRequest.PostAsync(_host.BaseAddress + "api/admin/accounts", new APIRequestContextOptions
        {
            DataObject = new { name = "mallory", password = "mallory-password-1", role = "admin" },
        });
        Assert.Equal(403, account.Status);
        await BrowserFixture.ScreenshotAsync(page, "incident-detail-viewer");
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(_host.BaseAddress + "signin");
        await page.GetByLabel("Name").FillAsync("vera");
        await page.GetByLabel("Password").FillAsync(ViewerPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));
    }
}
