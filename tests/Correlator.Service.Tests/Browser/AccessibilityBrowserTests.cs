using Correlator.Service.Security;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>
/// Every main page in a real browser, signed in as admin (so every form shows): each form control has a label,
/// nothing is fetched from outside the service, the review report prints without navigation or forms, and a
/// screenshot of each page is saved.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string UnlabelledControls = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
            .map(e => e.outerHTML)
        """;

    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync("Demo:Enabled=true");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string AdminPassword => File.ReadAllText(Path.Combine(_host.DataDirectory, AccountService.InitialPasswordFile)).Trim();

    [Fact]
    public async Task MainPages_LabelEveryControl_FetchNothingExternal_AndAreSaved()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        var external = new List<string>();
        var origin = new Uri(_host.BaseAddress.ToString()).GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                external.Add(request.Url);
            }
        };

        await page.GotoAsync(_host.BaseAddress + "signin");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnlabelledControls));
        await page.GetByLabel("Name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));
        await Assertions.Expect(page.Locator("table.incidents tbody tr").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        var first = await page.Locator("table.incidents tbody tr a").First.GetAttributeAsync("href");

        foreach (var (path, name) in new[] { ("incidents", "a11y-incident-list"), (first!.TrimStart('/'), "a11y-incident-detail"), ("problems", "a11y-problems"), ("critical", "a11y-critical"), ("review", "a11y-review") })
        {
            var response = await page.GotoAsync(_host.BaseAddress + path);
            Assert.True(response!.Ok, $"GET /{path}: {response.Status}");
            var unlabelled = await page.EvaluateAsync<string[]>(UnlabelledControls);
            Assert.True(unlabelled.Length == 0, $"/{path} has form controls without a label: {string.Join(" | ", unlabelled)}");
            var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[src], link[href], script[src]')].map(e => e.getAttribute('src') || e.getAttribute('href')).filter(u => /^(https?:)?\\/\\//.test(u))");
            Assert.True(links.Length == 0, $"/{path} loads from outside the service: {string.Join(", ", links)}");
            await BrowserFixture.ScreenshotAsync(page, name);
        }

        Assert.True(external.Count == 0, "requests outside the service: " + string.Join(", ", external));
    }

    [Fact]
    public async Task ReviewReport_ChoosesAPeriod_AndPrints_WithoutNavigationOrForm()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ServiceHost.KeyOf["viewer"] },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_host.BaseAddress + "review");
        Assert.True(await page.Locator("nav.top").IsVisibleAsync(), "on screen the navigation shows");
        await page.GetByLabel("From (UTC)").FillAsync("2026-03-01T00:00");
        await page.GetByLabel("To (UTC)").FillAsync("2026-03-03T00:00");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show this period" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Incident review 2026-03-01 to 2026-03-03");
        Assert.Contains("from=2026-03-01T00%3A00", page.Url, StringComparison.Ordinal);

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        Assert.False(await page.Locator("nav.top").IsVisibleAsync(), "printed, the navigation is left out");
        Assert.False(await page.Locator("form.period").IsVisibleAsync(), "printed, the period form is left out");
        Assert.True(await page.Locator("h1").IsVisibleAsync(), "printed, the report shows");
        Assert.True(await page.Locator("table.noise").IsVisibleAsync(), "printed, the noise reduction per stage shows");
        await BrowserFixture.ScreenshotAsync(page, "review-print");
    }

    [Fact]
    public async Task IncidentList_Prints_WithoutNavigationOrForms()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ServiceHost.KeyOf["viewer"] },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_host.BaseAddress + "incidents");
        Assert.True(await page.Locator("header.top").IsVisibleAsync(), "on screen the navigation shows");
        Assert.True(await page.Locator("form.filters").IsVisibleAsync(), "on screen the filters show");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        Assert.False(await page.Locator("header.top").IsVisibleAsync(), "printed, the navigation is left out");
        Assert.False(await page.Locator("form.filters").IsVisibleAsync(), "printed, the filters are left out");
        Assert.True(await page.Locator("table.incidents").IsVisibleAsync(), "printed, the list shows");
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
    }
}
