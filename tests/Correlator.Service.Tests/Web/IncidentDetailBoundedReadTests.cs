using System.Net;
using System.Text.RegularExpressions;
using Correlator.Service.Http;
using Correlator.Service.Web;
using Correlator.Service.Web.Pages.Incidents;
using Correlator.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Web;

/// <summary>
/// The incident detail page of an incident of more than a thousand signals reads a bounded number of signal rows
/// (the table's page and the signals the shown timeline names; the chart is a density counted by the store) and
/// still draws the same chart and timeline lines as a read of every signal would.
/// </summary>
public sealed partial class IncidentDetailBoundedReadTests : IAsyncLifetime
{
    private const int Signals = 1_200;
    private const int Batch = 200;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private ServiceHost _host = null!;
    private long _id;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        var alerts = Enumerable.Range(0, Signals)
            .Select(i => ($"Flood{i % 9}", "checkout", $"node-{i:D4}", T0.AddSeconds(i), (DateTimeOffset?)null, i % 11 == 0 ? "critical" : i % 3 == 0 ? "minor" : "major"))
            .ToArray();
        foreach (var chunk in alerts.Chunk(Batch))
        {
            using var firing = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(chunk));
            Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        }

        // Some resolve, so the bands rise and fall.
        var resolved = alerts.Where((_, i) => i % 5 == 0).Select(a => (a.Item1, a.Item2, a.Item3, a.Item4, (DateTimeOffset?)a.Item4.AddSeconds(300), a.Item6)).ToArray();
        foreach (var chunk in resolved.Chunk(Batch))
        {
            using var later = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(chunk));
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        var list = await _host.GetJsonAsync("/api/incidents?service=checkout");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        _id = list.GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Detail_OfAThousandSignals_ReadsABoundedNumber_AndDrawsWhatAFullReadDraws()
    {
        var store = _host.App.Services.GetRequiredService<SqliteStore>();
        var full = await store.GetIncidentAsync(_id, TestContext.Current.CancellationToken);
        Assert.NotNull(full);
        Assert.True(full.Signals.Count > 1_000, $"the incident has {full.Signals.Count} signals");

        var page = await ViewerPageAsync($"/incidents/{_id}");

        var read = int.Parse(Regex.Match(page, "data-signals-read=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(read, 1, DetailModel.SignalPageSize + DetailModel.TimelineHead + DetailModel.TimelineTail);
        Assert.Contains($"Signals 1–50 of {full.Signals.Count}", page, StringComparison.Ordinal);
        Assert.Equal(50, Regex.Count(Regex.Match(page, "<table class=\"signals\">.*?</table>", RegexOptions.Singleline).Value, "<tr>") - 1);

        // The chart the store's density read gives is the one a read of every signal gives.
        var dto = IncidentDtoMapper.ToItem(full.Incident, full.Incident.Links.Count, 0);
        var expected = SignalChart.Build(dto, [.. full.Signals.Select(IncidentDtoMapper.ToDto)], DetailModel.MaxChartRows).ToSvg();
        var chart = Regex.Match(page, "<svg class=\"chart\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(9, Regex.Count(chart, "<g class=\"band "));
        Assert.Equal(System.Net.WebUtility.HtmlDecode(expected), System.Net.WebUtility.HtmlDecode(chart));

        // Every attachment line shown names its signal, as with a full read.
        var timeline = Regex.Match(page, "<ol class=\"timeline\">.*?</ol>", RegexOptions.Singleline).Value;
        var attached = Regex.Matches(timeline, "<li class=\"kind-signal_attached\">.*?</li>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.NotEmpty(attached);
        Assert.All(attached, line => Assert.Matches("Flood\\d \\(", line));
    }

    [Fact]
    public async Task Store_BoundedReads_AreSlicesOfTheFullRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _host.App.Services.GetRequiredService<SqliteStore>();
        var full = (await store.GetIncidentAsync(_id, ct))!;

        var outline = (await store.GetIncidentOutlineAsync(_id, ct))!;
        var page = await store.ListIncidentSignalsAsync(_id, 100, 50, ct);
        var named = await store.ListIncidentSignalsAsync(_id, [full.Signals[7].Fingerprint, full.Signals[900].Fingerprint, "unknown"], ct);
        var density = await store.GetSignalDensityAsync(_id, T0, T0.AddHours(1), 30, 4, ct);

        Assert.Equal(full.Signals.Count, outline.SignalCount);
        Assert.Equal(full.Signals.Count(s => s.Latest.IsFiring && s.IncidentId == _id), outline.FiringCount);
        Assert.Equal(full.Incident.Links.Count, outline.Incident.Links.Count);
        Assert.Equal(full.Incident.Timeline.Count, outline.Incident.Timeline.Count);
        Assert.Equal(full.Signals.Skip(100).Take(50).Select(s => s.Fingerprint), page.Select(s => s.Fingerprint));
        Assert.Equal([full.Signals[7].Fingerprint, full.Signals[900].Fingerprint], named.Select(s => s.Fingerprint));
        Assert.Equal(4, density.Groups.Count);
        Assert.All(density.Groups, g => Assert.Equal(30, g.Starts.Count));
        Assert.All(density.Groups, g => Assert.Equal(g.Count, g.Starts.Sum()));
        Assert.All(density.Groups, g => Assert.Equal(g.Count, g.Ends.Sum()));
        Assert.Equal(full.Signals.Count, density.Groups.Sum(g => g.Count) + density.Omitted);
    }

    private async Task<string> ViewerPageAsync(string path)
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
