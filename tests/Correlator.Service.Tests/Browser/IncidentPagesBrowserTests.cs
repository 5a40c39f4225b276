using System.Net.Http.Json;
using Correlator.Service.Security;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>A person in a real browser: signs in, watches a replayed storm become incidents, opens one, and meets the role limits.</summary>
public sealed class IncidentPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync("Demo:Enabled=true");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string AdminPassword => File.ReadAllText(Path.Combine(_host.DataDirectory, AccountService.InitialPasswordFile)).Trim();

    [Fact]
    public async Task Admin_SignsIn_SeesTheStormAsIncidents_AndOpensOne()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();

        await SignInAsync(page, "admin", AdminPassword);
        await BrowserFixture.ScreenshotAsync(page, "incident-list");

        // The demo storm (replayed at start) becomes incidents; the list refreshes itself until it shows them.
        var rows = page.Locator("table.incidents tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-priority=P1]")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("checkout", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("P1");
        await Assertions.Expect(page.Locator("svg.chart rect").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("svg.chart rect").CountAsync() >= 2, "the chart draws a bar per signal");
        Assert.True(await page.Locator("ol.timeline li").CountAsync() >= 2, "the timeline lists what happened");
        await BrowserFixture.ScreenshotAsync(page, "incident-detail");
    }

    [Fact]
    public async Task Viewer_CanRead_ButAdminPagesAndApiAreRefused()
    {
        BrowserFixture.SkipWithoutChromium();
        using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name = "vera", password = "viewer-password-1", role = "viewer" }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, "vera", "viewer-password-1");
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync("viewer");
        var admin = await page.APIRequest.GetAsync(_host.BaseAddress + "api/admin/accounts");

        Assert.Equal(403, admin.Status);
    }

    [Fact]
    public async Task WrongPassword_StaysOnSignIn_WithAnAccessibleError()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_host.BaseAddress + "incidents");

        // Not signed in: the browser lands on the sign-in form; the keyboard alone can fill it.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GetByLabel("Name").FillAsync("admin");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("wrong password");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The name or the password is wrong.");
        await BrowserFixture.ScreenshotAsync(page, "sign-in-refused");
    }

    [Fact]
    public async Task IngestKey_CannotReadThePages()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ServiceHost.KeyOf["ingest"] },
        });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(_host.BaseAddress + "incidents");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
    }

    [Fact]
    public async Task IngestKey_CannotReadTheApi_ButCanIngest()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ServiceHost.KeyOf["ingest"] },
        });
        var page = await context.NewPageAsync();

        foreach (var path in new[] { "api/incidents", "api/incidents/1", "api/review", "metrics", "incidents/1" })
        {
            var read = await page.APIRequest.GetAsync(_host.BaseAddress + path);
            Assert.True(read.Status == 403, $"GET /{path} with an ingest key answered {read.Status}");
        }

        // The same key is good for what it is for: the refusals above are about the role, not a broken key.
        var ingest = await page.APIRequest.PostAsync(_host.BaseAddress + "ingest/events", new APIRequestContextOptions
        {
            DataObject = new { source = "browser-test", name = "Probe", service = "probe", time = "2026-03-02T10:00:00Z" },
        });
        Assert.True(ingest.Ok, $"POST /ingest/events with the ingest key answered {ingest.Status}");
    }

    private async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync(_host.BaseAddress + "signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));
    }
}
