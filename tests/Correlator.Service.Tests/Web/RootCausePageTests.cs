using System.Net;
using System.Text.RegularExpressions;
using Correlator.Testing;

namespace Correlator.Service.Tests.Web;

/// <summary>
/// The incident API and page rank an incident's root-cause candidates from its stored signals and the current
/// topology, and show the topology around its affected components.
/// </summary>
public sealed class RootCausePageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _topology = new();
    private ServiceHost _host = null!;
    private long _id;

    public async ValueTask InitializeAsync()
    {
        // web-1 calls api-1, which runs on db-1, which sits on disk-1 (not affected).
        var file = Path.Combine(_topology.Path, "cmdb.yaml");
        await File.WriteAllTextAsync(file, "dependencies:\n  web-1: [api-1]\n  api-1: [db-1]\n  db-1: [disk-1]\n", TestContext.Current.CancellationToken);
        _host = await ServiceHost.StartAsync("CorrelationFiles:Topology=" + file, "CorrelationFiles:MaxNeighbourhood=10");
        using var firing = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("HighLatency", "shop", "web-1", T0, null, "major"),
            ("Errors", "shop", "api-1", T0.AddSeconds(20), null, "major"),
            ("SlowQueries", "shop", "db-1", T0.AddSeconds(40), null, "critical")));
        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        var list = await _host.GetJsonAsync("/api/incidents?service=shop");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        _id = list.GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _topology.Dispose();
    }

    [Fact]
    public async Task Api_Detail_HasRankedRootCausesAndNeighbourhood()
    {
        var detail = await _host.GetJsonAsync($"/api/incidents/{_id}");

        var causes = detail.GetProperty("rootCauses").EnumerateArray().ToList();
        Assert.Equal(["db-1", "api-1", "web-1"], causes.Select(c => c.GetProperty("component").GetString()));
        Assert.Equal([1, 2, 3], causes.Select(c => c.GetProperty("rank").GetInt32()));
        Assert.StartsWith("2 of 2 other affected component(s) depend on it", causes[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(causes[0].GetProperty("score").GetDouble() > causes[1].GetProperty("score").GetDouble());

        var around = detail.GetProperty("neighbourhood");
        var components = around.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("component").GetString()!, c => c);
        Assert.Equal(["api-1", "db-1", "web-1", "disk-1"], components.Keys);
        Assert.False(components["disk-1"].GetProperty("affected").GetBoolean());
        Assert.True(components["db-1"].GetProperty("affected").GetBoolean());
        Assert.Equal(["disk-1"], components["db-1"].GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["api-1"], components["db-1"].GetProperty("dependents").EnumerateArray().Select(e => e.GetString()));
        Assert.False(around.GetProperty("truncated").GetBoolean());
        Assert.Equal(10, around.GetProperty("cap").GetInt32());
    }

    [Fact]
    public async Task Page_ShowsRankedCandidatesWithReasons_AndTheNeighbourhood()
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var response = await client.GetAsync($"/incidents/{_id}", TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var table = Regex.Match(page, "<table class=\"rootcauses\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("Root cause candidates", page, StringComparison.Ordinal);
        Assert.Equal(["db-1", "api-1", "web-1"], Regex.Matches(table, "<tr data-rank=\"\\d\"><td>\\d</td><td>([^<]+)</td>").Select(m => m.Groups[1].Value));
        Assert.Contains("2 of 2 other affected component(s) depend on it", table, StringComparison.Ordinal);
        var around = Regex.Match(page, "<table class=\"neighbourhood\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("Topology neighbourhood", page, StringComparison.Ordinal);
        Assert.Contains("data-component=\"disk-1\" data-affected=\"false\"", around, StringComparison.Ordinal);
        Assert.Contains("data-component=\"db-1\" data-affected=\"true\"", around, StringComparison.Ordinal);
    }
}
