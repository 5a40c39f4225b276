using System.Net.Http.Json;
using Correlator.Testing;
using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>
/// A predicted incident in a real browser: the incident manager sees its probability and reasons and dismisses it
/// with a reason, which the store keeps as a label; a viewer sees the prediction but no forms, and a post is 403.
/// </summary>
public sealed class PredictionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly TempDirectory _models = new("models");
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync("Prediction:Enabled=true", "Prediction:ThresholdOverride=0.01", "Prediction:ModelsDirectory=" + _models.Path, "IncidentStage:AdvanceWithClock=false");
        using var ingest = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("CpuHigh", "search", "es-1", DateTimeOffset.UtcNow.AddMinutes(-2), null, "warning")));
        ingest.EnsureSuccessStatusCode();
        foreach (var (name, role) in new[] { ("ivan", "incident-manager"), ("vera", "viewer") })
        {
            using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name, password = name + "-password-1", role }, TestContext.Current.CancellationToken);
            created.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _models.Dispose();
    }

    [Fact]
    public async Task IncidentManager_DismissesAPrediction_WithAReason_AndItIsStored()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "ivan");

        await page.GotoAsync(_host.BaseAddress + "incidents/1");
        await Assertions.Expect(page.Locator("#state")).ToContainTextAsync("predicted");
        await Assertions.Expect(page.Locator("#prediction-summary")).ToContainTextAsync("cold-start rule");
        await BrowserFixture.ScreenshotAsync(page, "incident-predicted");
        await page.Locator("#dismiss-reason").FillAsync("nightly batch, not users");
        await page.Locator("#act-dismiss").ClickAsync();

        await Assertions.Expect(page.Locator("#state")).ToContainTextAsync("closed");
        await Assertions.Expect(page.Locator("#prediction-verdict")).ToContainTextAsync("nightly batch, not users");
        var detail = await _host.GetJsonAsync("/api/incidents/1");
        var feedback = detail.GetProperty("prediction").GetProperty("feedback");
        Assert.Equal("dismissed", feedback.GetProperty("verdict").GetString());
        Assert.Equal("nightly batch, not users", feedback.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Viewer_SeesThePrediction_ButNoForms_AndAPostIs403()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "vera");

        await page.GotoAsync(_host.BaseAddress + "incidents/1");
        await Assertions.Expect(page.Locator("#prediction-summary")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#prediction-actions").CountAsync());
        var post = await page.APIRequest.PostAsync(_host.BaseAddress + "incidents/1/act?handler=dismiss", new APIRequestContextOptions { Form = page.APIRequest.CreateFormData().Set("reason", "let me in"), MaxRedirects = 0 });

        Assert.Equal(403, post.Status);
        Assert.Equal("predicted", (await _host.GetJsonAsync("/api/incidents/1")).GetProperty("incident").GetProperty("state").GetString());
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
