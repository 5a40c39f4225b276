using Microsoft.Playwright;

namespace Correlator.Service.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download): one browser for the tests of a
/// class; each test opens its own context (cookies) and pages. Screenshots go to the test results folder.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.GetFullPath(Path.Combine(
        Environment.GetEnvironmentVariable("CORRELATOR_TEST_RESULTS") ?? Path.Combine(AppContext.BaseDirectory, "test-results"), "screenshots"));

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public static void SkipWithoutChromium() =>
        Assert.SkipUnless(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath} (Debian package 'chromium'; tests/run-tests.sh installs it).");

    public async ValueTask DisposeAsync()
    {
        if (_playwright is null)
        {
            return;
        }

        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
