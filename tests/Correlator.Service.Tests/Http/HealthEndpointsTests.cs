using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Http;

public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Health_Running_Returns200Healthy()
    {
        var health = await _host.GetJsonAsync("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("pipelineRunning").GetBoolean());
    }

    [Fact]
    public async Task Metrics_AfterIngest_CountPerSourceAndPerStage()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Payloads.Alertmanager(("A", "checkout", "web-1", Some.At(0), null, "warning"), ("A", "checkout", "web-2", Some.At(1), null, "warning"));
        await _host.PostJsonAsync("/ingest/alertmanager", body);
        await _host.PostJsonAsync("/ingest/alertmanager", body);
        await _host.PostJsonAsync("/ingest/events", "{}");

        using var response = await _host.Client.GetAsync("/metrics", ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("correlator_signals_received_total{source=\"alertmanager\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_signals_deduplicated_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_signals_attached_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_incidents_opened_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_requests_rejected_total{endpoint=\"events\",code=\"400\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE correlator_incidents_opened_total counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryEndpoint()
    {
        var document = await _host.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/ingest/alertmanager", "/ingest/events", "/ingest/cloudevents", "/api/incidents", "/api/incidents/{id}", "/health", "/metrics" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }
}
