using System.Net;
using System.Text.RegularExpressions;

namespace Correlator.Service.Tests.Web;

/// <summary>An incident of a storm (more signals than the chart has rows and the table has lines) over HTTP.</summary>
public sealed partial class StormPagesTests : IAsyncLifetime
{
    public const int Signals = 130;

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private ServiceHost _host = null!;
    private long _id;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _id = await IngestStormAsync(_host, T0);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>One service's storm: <see cref="Signals"/> alerts of five names on many instances, in one webhook; returns its incident id.</summary>
    internal static async Task<long> IngestStormAsync(ServiceHost host, DateTimeOffset t0)
    {
        var alerts = Enumerable.Range(0, Signals)
            .Select(i => ($"Storm{i % 5}", "checkout", $"web-{i:D3}", t0.AddSeconds(i), (DateTimeOffset?)null, i % 7 == 0 ? "critical" : "major"))
            .ToArray();
        using var firing = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(alerts));
        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        // A quarter of them resolve a little later, so the chart's bands rise and fall.
        var resolved = alerts.Where((_, i) => i % 4 == 0).Select(a => (a.Item1, a.Item2, a.Item3, a.Item4, (DateTimeOffset?)a.Item4.AddSeconds(200), a.Item6)).ToArray();
        using var later = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(resolved));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        var list = await host.GetJsonAsync("/api/incidents?service=checkout");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var incident = list.GetProperty("items")[0];
        Assert.Equal(Signals, incident.GetProperty("signalCount").GetInt32());
        return incident.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Detail_AStorm_DrawsABandPerSignalName_InsteadOfABarPerSignal()
    {
        var page = await ViewerPageAsync($"/incidents/{_id}");

        var chart = Regex.Match(page, "<svg class=\"chart\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(5, Regex.Count(chart, "<g class=\"band "));
        Assert.DoesNotContain("<rect ", chart, StringComparison.Ordinal);
        Assert.Contains("Storm0 ×26", chart, StringComparison.Ordinal);
        Assert.Contains($"{Signals} signals, drawn as one band per signal name", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_AStorm_PagesTheSignalTable()
    {
        var first = await ViewerPageAsync($"/incidents/{_id}");
        var last = await ViewerPageAsync($"/incidents/{_id}?signals=100");

        Assert.Equal(50, SignalRows(first));
        Assert.Contains($"Signals 1–50 of {Signals}", first, StringComparison.Ordinal);
        Assert.Contains("?signals=50#signals-title", first, StringComparison.Ordinal);
        Assert.Equal(Signals - 100, SignalRows(last));
        Assert.Contains("web-129", last, StringComparison.Ordinal);
        Assert.DoesNotContain("Later signals", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_AStorm_ShowsTheTimelinesEnds_UntilAskedForAllOfIt()
    {
        var api = await _host.GetJsonAsync($"/api/incidents/{_id}");
        var lines = api.GetProperty("timeline").GetArrayLength();

        var shortened = await ViewerPageAsync($"/incidents/{_id}");
        var whole = await ViewerPageAsync($"/incidents/{_id}?timeline=all");

        Assert.True(lines > 50, $"the storm's timeline has {lines} lines");
        Assert.Equal(50, TimelineLines(shortened));
        Assert.Contains($"{lines - 50} more line(s) — show the whole timeline", shortened, StringComparison.Ordinal);
        Assert.Equal(lines, TimelineLines(whole));
    }

    private static int SignalRows(string page) =>
        Regex.Count(Regex.Match(page, "<table class=\"signals\">.*?</table>", RegexOptions.Singleline).Value, "<tr>") - 1;

    private static int TimelineLines(string page) =>
        Regex.Count(Regex.Match(page, "<ol class=\"timeline\">.*?</ol>", RegexOptions.Singleline).Value, "<li class=\"kind-");

    private async Task<string> ViewerPageAsync(string path)
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
