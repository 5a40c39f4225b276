using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Correlator.Service.Problems;
using Correlator.Service.Tests.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>A problem manager in a real browser accepts a suggestion and rejects another with a reason; a viewer sees no buttons.</summary>
public sealed class ProblemPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(ProblemHistory.Settings());
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
            await ProblemHistory.OccurAsync(_host, "OOM", "billing", "app-1", hour + 1);
        }

        await _host.App.Services.GetRequiredService<ProblemSuggestionSync>().RunAsync(Ct);
        foreach (var (name, role) in new[] { ("paula", "problem-manager"), ("vera", "viewer") })
        {
            using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name, password = name + "-password-1", role }, Ct);
            created.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ProblemManager_AcceptsOneSuggestion_AndRejectsAnotherWithAReason()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "paula");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Problems", Exact = true }).ClickAsync();
        var rows = page.Locator("table.problems tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "problem-list");
        var search = rows.Filter(new LocatorFilterOptions { HasText = "component=search" });
        var billing = rows.Filter(new LocatorFilterOptions { HasText = "component=billing" });

        await search.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = new Regex("^Accept") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("accepted");
        await Assertions.Expect(search.Locator(".status")).ToHaveTextAsync("accepted");

        // The reason is required: the browser refuses the empty form; with a reason it goes through.
        await billing.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = new Regex("^Reject") }).ClickAsync();
        await Assertions.Expect(billing.Locator(".status")).ToHaveTextAsync("proposed");
        await billing.GetByLabel(new Regex("Reason")).FillAsync("known nightly batch");
        await billing.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = new Regex("^Reject") }).ClickAsync();
        await Assertions.Expect(billing.Locator(".status")).ToHaveTextAsync("rejected");
        await Assertions.Expect(billing).ToContainTextAsync("known nightly batch");

        var id = long.Parse(await search.GetAttributeAsync("data-problem") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync(_host.BaseAddress + $"problems/{id}");
        await Assertions.Expect(page.Locator("svg.downtime rect")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("accepted");
        await BrowserFixture.ScreenshotAsync(page, "problem-detail");
        var api = await _host.GetJsonAsync($"/api/problems/{id}");
        Assert.Equal(("accepted", "paula"), (api.GetProperty("status").GetString(), api.GetProperty("decidedBy").GetString()));
    }

    [Fact]
    public async Task Viewer_SeesTheSuggestions_ButNoButtons_AndCannotPostADecision()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "vera");

        await page.GotoAsync(_host.BaseAddress + "problems");

        await Assertions.Expect(page.Locator("table.problems tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(0, await page.Locator("table.problems button").CountAsync());
        var id = await page.Locator("table.problems tbody tr").First.GetAttributeAsync("data-problem");
        var posted = await page.APIRequest.PostAsync(_host.BaseAddress + $"problems/{id}/decide?handler=accept", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.True(posted.Status == 403 || (posted.Status == 302 && posted.Headers["location"].Contains("denied", StringComparison.Ordinal)), $"a viewer's decision answered {posted.Status}");
        Assert.Equal("proposed", (await _host.GetJsonAsync($"/api/problems/{id}")).GetProperty("status").GetString());
    }

    private async Task SignInAsync(IPage page, string name)
    {
        await page.GotoAsync(_host.BaseAddress + "signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(name + "-password-1");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents$"));
    }
}
