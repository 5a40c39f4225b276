using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Service.Composition;
using Correlator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Correlator.Service.Bench.Ui;

/// <summary>
/// <c>correlator bench ui</c>: time to first render of the incident list over a store of 10,000 incidents and
/// of an incident page with 1,000 signals, measured in headless Chromium with the Performance API.
/// </summary>
internal static class UiBenchmark
{
    /// <summary>The issue's goal for the first render of each page.</summary>
    public const double GoalMs = 500;

    public static async Task<int> RunAsync(UiBenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "correlator-bench-ui-" + Guid.NewGuid().ToString("N"));
        try
        {
            var seeding = Stopwatch.StartNew();
            long storm;
            await using (var store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = folder }, cancellationToken).ConfigureAwait(false))
            {
                storm = await UiSeed.FillAsync(store, options.Incidents, options.StormSignals, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"UI benchmark: seeded {options.Incidents} incidents (#{storm} has {options.StormSignals} signals) in {seeding.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores, load average {LoadAverage()}")).ConfigureAwait(false);

            var key = Security.ApiKeySecret.NewKey();
            var app = await StartServiceAsync(folder, key, options.Settings, cancellationToken).ConfigureAwait(false);
            try
            {
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
                    ?? throw new InvalidOperationException("The service has no address."));
                await using var browser = await ChromiumBrowser.LaunchAsync(options.Chromium, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"  {browser.Version} headless at {options.Chromium}; {options.Warmup} warm-up and {options.Runs} measured loads per page, {(options.NewTabEachLoad ? "each in a new tab" : "one tab per page")}").ConfigureAwait(false);
                var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = "Bearer " + key };
                var pages = new (string Name, string Path, Func<PageLoad, string?> Check)[]
                {
                    ("incident_list", "/incidents", load => load.Rows > 0 && load.Total == options.Incidents ? null : $"the list showed {load.Rows} rows of {load.Total} incidents"),
                    ("incident_detail", $"/incidents/{storm}", load => load.Heading?.Contains($"#{storm}", StringComparison.Ordinal) == true ? null : $"the page's heading is '{load.Heading}'"),
                    ("incident_list_last_page", $"/incidents?offset={Math.Max(0, (options.Incidents - 1) / Web.Pages.Incidents.IndexModel.PageSize * Web.Pages.Incidents.IndexModel.PageSize)}", load => load.Rows > 0 ? null : "the last page showed no rows"),
                    ("incident_list_filtered", "/incidents?state=closed&priority=P3&service=svc-042", load => load.Total >= 0 ? null : "the filtered list showed no total"),
                };
                var figures = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var (name, path, check) in pages)
                {
                    var loads = await MeasureAsync(browser, new Uri(address, path), headers, options, check, cancellationToken).ConfigureAwait(false);
                    Report(output, name, path, loads, figures);
                    if (options.Screenshots is { } shots)
                    {
                        Directory.CreateDirectory(shots);
                        var tab = await browser.NewTabAsync(headers, cancellationToken).ConfigureAwait(false);
                        await browser.NavigateAsync(tab, new Uri(address, path), cancellationToken).ConfigureAwait(false);
                        await browser.ScreenshotAsync(tab, Path.Combine(shots, $"bench-ui-{name}.png"), cancellationToken).ConfigureAwait(false);
                        await browser.CloseTabAsync(tab, cancellationToken).ConfigureAwait(false);
                    }
                }

                var met = pages.Take(2).All(p => (double)figures[p.Name + "_fcp_p95_ms"] < GoalMs);
                figures["goal_ms"] = GoalMs;
                figures["goal_met"] = met;
                figures["load_average_1m"] = double.Parse(LoadAverage().Split(' ')[0], CultureInfo.InvariantCulture);
                await output.WriteLineAsync(met
                    ? $"  Goal (first render under {GoalMs} ms, at p95) met for both pages."
                    : $"  Goal (first render under {GoalMs} ms, at p95) NOT met.").ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
                return met ? 0 : 1;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<WebApplication> StartServiceAsync(string folder, string key, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--Storage:DataDirectory=" + folder, "--Pipeline:AdvanceWithClock=false",
            "--Security:ApiKeys:0:Name=bench-viewer", "--Security:ApiKeys:0:Role=viewer", "--Security:ApiKeys:0:Key=" + key,
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            "--Logging:LogLevel:Correlator.Service.Security.AccountService=Error", // the first-start admin password: not for a bench
            .. settings.Select(s => "--" + s),
        ];
        var app = await CorrelatorApp.BuildAsync(args, cancellationToken: cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static async Task<List<PageLoad>> MeasureAsync(
        ChromiumBrowser browser, Uri url, IReadOnlyDictionary<string, string> headers, UiBenchOptions options, Func<PageLoad, string?> check, CancellationToken cancellationToken)
    {
        var loads = new List<PageLoad>(options.Runs);
        string? tab = null;
        try
        {
            for (int run = 0; run < options.Warmup + options.Runs; run++)
            {
                // A new tab per load also times Chromium starting a renderer process; one tab is a person clicking on.
                if (options.NewTabEachLoad && tab is not null)
                {
                    await browser.CloseTabAsync(tab, cancellationToken).ConfigureAwait(false);
                    tab = null;
                }

                tab ??= await browser.NewTabAsync(headers, cancellationToken).ConfigureAwait(false);
                var load = await LoadOnceAsync(browser, tab, url, check, cancellationToken).ConfigureAwait(false);
                if (run >= options.Warmup)
                {
                    loads.Add(load);
                }
            }
        }
        finally
        {
            if (tab is not null)
            {
                await browser.CloseTabAsync(tab, cancellationToken).ConfigureAwait(false);
            }
        }

        return loads;
    }

    private static async Task<PageLoad> LoadOnceAsync(ChromiumBrowser browser, string tab, Uri url, Func<PageLoad, string?> check, CancellationToken cancellationToken)
    {
        await browser.NavigateAsync(tab, url, cancellationToken).ConfigureAwait(false);
        var value = await browser.EvaluateAsync(tab, PageLoad.Script, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The page returned no timings.");
        var load = PageLoad.From(value);
        if (load.Status != 200)
        {
            throw new InvalidOperationException($"{url} answered {load.Status} in the browser.");
        }

        if (check(load) is { } wrong)
        {
            throw new InvalidOperationException($"{url} did not show what was seeded: {wrong}.");
        }

        return load.FirstContentfulPaintMs is null
            ? throw new InvalidOperationException($"{url}: Chromium reported no first contentful paint within 5 s.")
            : load;
    }

    private static void Report(TextWriter output, string name, string path, List<PageLoad> loads, Dictionary<string, object> figures)
    {
        double[] Sorted(Func<PageLoad, double> of) => [.. loads.Select(of).Order()];
        static double R(double v) => Math.Round(v, 1);
        var fcp = Sorted(l => l.FirstContentfulPaintMs ?? double.NaN);
        var dcl = Sorted(l => l.DomContentLoadedMs);
        var ttfb = Sorted(l => l.ResponseStartMs);
        var last = loads[^1];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {path}: first contentful paint p50 {R(LatencyProbe.Percentile(fcp, 0.5))} ms, p95 {R(LatencyProbe.Percentile(fcp, 0.95))} ms, max {R(fcp[^1])} ms; "
            + $"DOMContentLoaded p50 {R(LatencyProbe.Percentile(dcl, 0.5))} ms, p95 {R(LatencyProbe.Percentile(dcl, 0.95))} ms; "
            + $"first byte p50 {R(LatencyProbe.Percentile(ttfb, 0.5))} ms; HTML {last.TransferBytes} bytes on the wire ({last.BodyBytes} decoded), {last.Elements} elements"));
        figures[name + "_fcp_p50_ms"] = R(LatencyProbe.Percentile(fcp, 0.5));
        figures[name + "_fcp_p95_ms"] = R(LatencyProbe.Percentile(fcp, 0.95));
        figures[name + "_dcl_p50_ms"] = R(LatencyProbe.Percentile(dcl, 0.5));
        figures[name + "_dcl_p95_ms"] = R(LatencyProbe.Percentile(dcl, 0.95));
        figures[name + "_ttfb_p50_ms"] = R(LatencyProbe.Percentile(ttfb, 0.5));
        figures[name + "_html_bytes"] = last.TransferBytes;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as <c>uptime</c> prints them (empty where /proc is missing).</summary>
    public static string LoadAverage()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file) ? string.Join(' ', File.ReadAllText(file).Split(' ').Take(3)) : "NaN";
    }
}
