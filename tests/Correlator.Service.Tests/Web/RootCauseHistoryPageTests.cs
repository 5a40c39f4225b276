using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Correlator.Testing;

namespace Correlator.Service.Tests.Web;

/// <summary>
/// The root-cause ranking's history share in the running service: an incident manager confirms a past incident's
/// root cause when resolving it; a later incident on the same components ranks that component with a non-zero
/// history share and says why, the others with 0.
/// </summary>
public sealed class RootCauseHistoryPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _topology = new();
    private ServiceHost _host = null!;
    private long _past;
    private long _now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // web-1 calls api-1, which runs on db-1.
        var file = Path.Combine(_topology.Path, "cmdb.yaml");
        await File.WriteAllTextAsync(file, "dependencies:\n  web-1: [api-1]\n  api-1: [db-1]\n", Ct);
        _host = await ServiceHost.StartAsync("CorrelationFiles:Topology=" + file, "IncidentStage:AdvanceWithClock=false");
        _past = await OpenAsync("shop", T0);
        _now = await OpenAsync("store", T0.AddHours(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _topology.Dispose();
    }

    /// <summary>An incident of <paramref name="service"/> with a signal on web-1, api-1 and db-1; its id.</summary>
    private async Task<long> OpenAsync(string service, DateTimeOffset at)
    {
        using var firing = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("HighLatency", service, "web-1", at, null, "major"),
            ("Errors", service, "api-1", at.AddSeconds(20), null, "major"),
            ("SlowQueries", service, "db-1", at.AddSeconds(40), null, "critical")));
        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        var list = await _host.GetJsonAsync("/api/incidents?service=" + service);
        return list.GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ActAsync(long id, string action, string body)
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf["incident-manager"]);
        using var response = await client.PostAsync($"/api/incidents/{id}/{action}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    private async Task<Dictionary<string, JsonElement>> RootCausesAsync(long id) =>
        (await _host.GetJsonAsync($"/api/incidents/{id}")).GetProperty("rootCauses").EnumerateArray().ToDictionary(c => c.GetProperty("component").GetString()!, c => c);

    [Fact]
    public async Task Api_AfterAConfirmedRootCause_ThatComponentHasAHistoryShareAndReason_OthersZero()
    {
        var before = await RootCausesAsync(_now);
        var (status, management) = await ActAsync(_past, "resolve", "{\"note\":\"replaced the db disk\",\"rootCause\":\"db-1\"}");
        var after = await RootCausesAsync(_now);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("db-1", management.GetProperty("rootCause").GetProperty("component").GetString());
        Assert.Equal("key:test-incident-manager", management.GetProperty("rootCause").GetProperty("confirmedBy").GetString());
        Assert.Contains(management.GetProperty("timeline").EnumerateArray(), l => l.GetProperty("text").GetString()!.EndsWith("; root cause: db-1", StringComparison.Ordinal));
        Assert.EndsWith("(history 0.00)", before["db-1"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var db = after["db-1"].GetProperty("reason").GetString();
        Assert.EndsWith("confirmed root cause of 1 of 1 past incident(s) it was in with other components (confirmed by incident managers, resolved in the last 90 days) (history 1.00)", db, StringComparison.Ordinal);
        Assert.Equal(0.1, after["db-1"].GetProperty("score").GetDouble() - before["db-1"].GetProperty("score").GetDouble(), 3);
        Assert.EndsWith("confirmed root cause of 0 of 1 past incident(s) it was in with other components (confirmed by incident managers, resolved in the last 90 days) (history 0.00)", after["web-1"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(before["web-1"].GetProperty("score").GetDouble(), after["web-1"].GetProperty("score").GetDouble());

        // The confirmed incident's own confirmation is not its history.
        var own = await RootCausesAsync(_past);
        Assert.EndsWith("(history 0.00)", own["db-1"].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AfterAConfirmationOnAResolvedIncident_ShowsTheHistoryShareInTheRanking()
    {
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(_past, "resolve", "{\"note\":\"restarted\"}")).Status);
        var (status, management) = await ActAsync(_past, "root-cause", "{\"rootCause\":\"api-1\"}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("api-1", management.GetProperty("rootCause").GetProperty("component").GetString());

        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        var page = await client.GetStringAsync($"/incidents/{_now}", Ct);

        var table = Regex.Match(page, "<table class=\"rootcauses\">.*?</table>", RegexOptions.Singleline).Value;
        var rows = Regex.Matches(table, "<tr data-rank=\"\\d\"><td>\\d</td><td>([^<]+)</td><td>[^<]+</td><td>([^<]+)</td>").ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.EndsWith("confirmed root cause of 1 of 1 past incident(s) it was in with other components (confirmed by incident managers, resolved in the last 90 days) (history 1.00)", rows["api-1"], StringComparison.Ordinal);
        Assert.EndsWith("(history 0.00)", rows["db-1"], StringComparison.Ordinal);
        Assert.EndsWith("(history 0.00)", rows["web-1"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resolve", "{\"note\":\"fixed\",\"rootCause\":\"mainframe\"}")]
    [InlineData("root-cause", "{\"rootCause\":\"mainframe\"}")]
    [InlineData("root-cause", "{}")]
    public async Task RootCause_NotAComponentOfTheIncidentOrMissing_Is400NamingRootCause(string action, string body)
    {
        var (status, problem) = await ActAsync(_past, action, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("rootCause", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        var management = (await _host.GetJsonAsync($"/api/incidents/{_past}")).GetProperty("management");
        Assert.False(management.TryGetProperty("resolvedAt", out var resolved) && resolved.ValueKind != JsonValueKind.Null, "a refused action changes nothing");
        Assert.False(management.TryGetProperty("rootCause", out var cause) && cause.ValueKind != JsonValueKind.Null, "no root cause was recorded");
    }
}
