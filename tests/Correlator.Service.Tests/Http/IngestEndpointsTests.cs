using System.Net;
using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Http;

public sealed class IngestEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await ServiceHost.StartAsync("Correlation:QuietPeriod=00:00:00", "Ingestion:MaxBodyBytes=20000", "Ingestion:MaxLabelsPerSignal=8");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Alertmanager_GroupedAlerts_OpenOneIncidentPerService()
    {
        var body = Payloads.Alertmanager(
            ("HighLatency", "checkout", "web-1", Some.At(0), null, "warning"),
            ("HighLatency", "checkout", "web-2", Some.At(1), null, "critical"),
            ("DiskFull", "search", "es-1", Some.At(2), null, "warning"));

        using var response = await _host.PostJsonAsync("/ingest/alertmanager", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await Json(response)).GetProperty("accepted").GetInt32());
        var page = await _host.GetJsonAsync("/api/incidents");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var checkout = await _host.GetJsonAsync("/api/incidents?service=checkout");
        var item = Assert.Single(checkout.GetProperty("items").EnumerateArray());
        Assert.Equal(2, item.GetProperty("signalCount").GetInt32());
        Assert.Equal("critical", item.GetProperty("severity").GetString());
        Assert.Equal("new", item.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Alertmanager_ResolvedNotification_ResolvesSignalAndIncident()
    {
        await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("DiskFull", "search", "es-1", Some.At(0), null, "warning")));
        await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("DiskFull", "search", "es-1", Some.At(0), Some.At(60), "warning")));
        // A later signal moves event time past the quiet period (0 here), so the resolve timer fires.
        using var later = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("Other", "billing", "b-1", Some.At(61), null, "info")));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);

        var page = await _host.GetJsonAsync("/api/incidents?service=search");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("resolved", item.GetProperty("state").GetString());
        Assert.Equal(0, item.GetProperty("firingCount").GetInt32());
        var detail = await _host.GetJsonAsync($"/api/incidents/{item.GetProperty("id").GetInt64()}");
        Assert.Equal("resolved", detail.GetProperty("signals")[0].GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "signal_resolved");
    }

    [Fact]
    public async Task Events_SingleAndArray_AreAccepted()
    {
        var single = """{"source":"nagios","name":"PING CRITICAL","severity":"critical","time":"2026-03-02T10:00:00Z","resource":"db-1","service":"billing"}""";
        var array = """[{"source":"zabbix","name":"CPU high","time":"2026-03-02T10:00:05Z","resource":"db-2","service":"billing"},{"source":"zabbix","name":"Swap","severity":"warning","time":"2026-03-02T10:00:06Z","resource":"db-2","service":"billing"}]""";

        using var first = await _host.PostJsonAsync("/ingest/events", single);
        using var second = await _host.PostJsonAsync("/ingest/events", array);

        Assert.Equal(1, (await Json(first)).GetProperty("accepted").GetInt32());
        Assert.Equal(2, (await Json(second)).GetProperty("accepted").GetInt32());
        var page = await _host.GetJsonAsync("/api/incidents?service=billing");
        Assert.Equal(3, page.GetProperty("items")[0].GetProperty("signalCount").GetInt32());
    }

    [Theory]
    [InlineData("application/cloudevents+json", """{"specversion":"1.0","id":"e-1","source":"/probe","type":"probe.failed","time":"2026-03-02T10:00:00Z","subject":"lb-1","data":{"name":"Probe failed","service":"edge"}}""", 1)]
    [InlineData("application/cloudevents-batch+json", """[{"specversion":"1.0","id":"e-1","source":"/probe","type":"probe.failed","time":"2026-03-02T10:00:00Z","subject":"lb-1","data":{"name":"Probe failed","service":"edge"}},{"specversion":"1.0","id":"e-2","source":"/probe","type":"probe.failed","time":"2026-03-02T10:00:01Z","subject":"lb-2","data":{"name":"Probe failed","service":"edge"}}]""", 2)]
    public async Task CloudEvents_SingleAndBatch_AreAccepted(string contentType, string body, int expected)
    {
        using var response = await _host.PostJsonAsync("/ingest/cloudevents", body, contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await Json(response)).GetProperty("accepted").GetInt32());
        var page = await _host.GetJsonAsync("/api/incidents?service=edge");
        Assert.Equal(expected, page.GetProperty("items")[0].GetProperty("signalCount").GetInt32());
    }

    [Theory]
    [InlineData("/ingest/alertmanager", "{not json", "$")]
    [InlineData("/ingest/alertmanager", """{"version":"4","alerts":[{"status":"firing","labels":{"severity":"warning"},"annotations":{},"startsAt":"2026-03-02T10:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""", "alerts[0].labels.alertname")]
    [InlineData("/ingest/alertmanager", """{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"X"},"annotations":{},"startsAt":"yesterday","endsAt":"0001-01-01T00:00:00Z"}]}""", "alerts[0].startsAt")]
    [InlineData("/ingest/events", """{"source":"nagios","name":"PING","time":"2026-03-02T10:00:00Z","severity":"apocalyptic"}""", "severity")]
    [InlineData("/ingest/events", """[{"source":"nagios","name":"PING","time":"2026-03-02T10:00:00Z"},{"source":"nagios","name":"PING"}]""", "[1].time")]
    [InlineData("/ingest/cloudevents", """{"specversion":"1.0","source":"/probe","type":"t","time":"2026-03-02T10:00:00Z","data":{"name":"x"}}""", "id")]
    public async Task Ingest_InvalidPayload_Returns400NamingTheField(string path, string body, string field)
    {
        using var response = await _host.PostJsonAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString()!.EndsWith(field, StringComparison.Ordinal));
        Assert.Equal(0, (await _host.GetJsonAsync("/api/incidents")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Ingest_ValidAndInvalidAlertsInOnePayload_AcceptsNothing()
    {
        var body = Payloads.Alertmanager(("Good", "checkout", "web-1", Some.At(0), null, "warning")).Replace("\"startsAt\":\"2026", "\"startsAt\":\"x2026", StringComparison.Ordinal);

        using var response = await _host.PostJsonAsync("/ingest/alertmanager", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await _host.GetJsonAsync("/api/incidents")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Ingest_TooManyLabels_Returns400NamingTheLimit()
    {
        var labels = string.Join(",", Enumerable.Range(0, 9).Select(i => $"\"l{i}\":\"v\""));
        var body = "{\"source\":\"s\",\"name\":\"n\",\"time\":\"2026-03-02T10:00:00Z\",\"labels\":{" + labels + "}}";

        using var response = await _host.PostJsonAsync("/ingest/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxLabelsPerSignal", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BodyOverLimit_Returns413()
    {
        var body = $$"""{"source":"s","name":"n","time":"2026-03-02T10:00:00Z","summary":"{{new string('x', 25_000)}}"}""";

        using var response = await _host.PostJsonAsync("/ingest/events", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Ingestion:MaxBodyBytes", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ChunkedBodyOverLimit_Returns413()
    {
        var body = $$"""{"source":"s","name":"n","time":"2026-03-02T10:00:00Z","summary":"{{new string('x', 25_000)}}"}""";
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_NotJson_Returns415()
    {
        using var response = await _host.PostJsonAsync("/ingest/events", "source=s", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}
