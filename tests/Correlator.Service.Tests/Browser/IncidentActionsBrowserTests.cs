using System.Net.Http.Json;
using Correlator.Testing;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>The incident page's actions in a real browser: an incident manager puts an incident on hold and resumes it; a viewer sees no actions and is refused a post.</summary>
public sealed class IncidentActionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync("IncidentStage:AdvanceWithClock=false", "IncidentManagement:Sla:P4:Acknowledge=04:00:00", "IncidentManagement:Sla:P4:Resolve=1.00:00:00");
        using var ingest = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("DiskFull", "search", "es-1", DateTimeOffset.UtcNow.AddMinutes(-2), null, "warning")));
        ingest.EnsureSuccessStatusCode();
        foreach (var (name, role) in new[] { ("ivan", "incident-manager"), ("vera", "viewer") })
        {
            using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name, password = name + "-password-1", role }, TestContext.Current.CancellationToken);
            created.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task IncidentManager_PutsOnHold_AndResumes_FromTheIncidentPage()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "ivan");

        await page.GotoAsync(_host.BaseAddress + "incidents/1");
        await Assertions.Expect(page.Locator("#sla-resolve")).ToContainTextAsync("running");
        await page.Locator("form[action$='handler=hold'] input[name=reason]").FillAsync("waiting for the storage vendor");
        await page.Locator("#act-hold").ClickAsync();

        await Assertions.Expect(page.Locator("#action-done")).ToContainTextAsync("put on hold");
        await Assertions.Expect(page.Locator("#on-hold")).ToContainTextAsync("waiting for the storage vendor");
        await Assertions.Expect(page.Locator("#sla-resolve")).ToContainTextAsync("paused");
        await Assertions.Expect(page.Locator("#management-timeline")).ToContainTextAsync("On hold by ivan");
        await BrowserFixture.ScreenshotAsync(page, "incident-actions-on-hold");

        await page.Locator("#act-resume").ClickAsync();
        await Assertions.Expect(page.Locator("#on-hold")).ToContainTextAsync("no");
    }

    [Fact]
    public async Task IncidentManager_ChangesThePriorityWithAReason_AndSeesItInTheTimeline()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "ivan");

        // The list shows each active row's resolver group and its SLA countdown.
        var row = page.Locator("table.incidents tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("service-desk");
        await Assertions.Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"acknowledge (in \d+ (h|min)|: paused)"));

        await page.GotoAsync(_host.BaseAddress + "incidents/1");
        await page.Locator("#priority-select").SelectOptionAsync("P2");
        await page.Locator("#priority-reason").FillAsync("the search outage blocks the sales team");
        await page.Locator("#act-priority").ClickAsync();

        await Assertions.Expect(page.Locator("#action-done")).ToContainTextAsync("changed the priority");
        await Assertions.Expect(page.Locator("#managed-priority")).ToContainTextAsync("P2");
        await Assertions.Expect(page.Locator("#managed-priority")).ToContainTextAsync("set by hand");
        await Assertions.Expect(page.Locator("#management-timeline")).ToContainTextAsync("by ivan (kept over the policy's from now on): the search outage blocks the sales team");
        await BrowserFixture.ScreenshotAsync(page, "incident-actions-priority");
    }

    [Fact]
    public async Task Viewer_SeesSlaAndAssignment_ButNoActions_AndAPostIs403()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "vera");

        await page.GotoAsync(_host.BaseAddress + "incidents/1");
        await Assertions.Expect(page.Locator("#assignment")).ToContainTextAsync("service-desk");
        await Assertions.Expect(page.Locator("#sla-acknowledge")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#actions").CountAsync());
        var post = await page.APIRequest.PostAsync(_host.BaseAddress + "incidents/1/act?handler=acknowledge", new APIRequestContextOptions { Form = page.APIRequest.CreateFormData().Set("note", "let me in"), MaxRedirects = 0 });

        Assert.Equal(403, post.Status);
        var management = await _host.GetJsonAsync("/api/incidents/1");
        Assert.False(management.GetProperty("management").TryGetProperty("acknowledgedAt", out _));
    }

    private async Task SignInAsync(IPage page, string name)
    {
        await page.GotoAsync(_host.BaseAddress + "signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(name + "-password-1");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));
    }
}
