using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Correlator.Publishing.Webhooks;
using Correlator.Service.Composition;
using Correlator.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Publishing;

/// <summary>The service with a webhook target: the outbox is drained, and a refusal shows in the API, /health and /metrics.</summary>
public sealed class PublishingEndpointsTests : IAsyncDisposable
{
    private const string Secret = "0123456789abcdef-secret";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Body, string? Signature)> _received = new();
    private ServiceHost? _host;
    private int _status = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _listener.Close();
    }

    private async Task<ServiceHost> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
        _listener.Prefixes.Add(url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                _received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers[WebhookSignature.HeaderName]));
                context.Response.StatusCode = _status;
                var answer = Encoding.UTF8.GetBytes(_status == 200 ? "" : "{\"error\":\"no route for checkout\"}");
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        });
        _host = await ServiceHost.StartAsync(
            "Publishing:Targets:hook:Type=webhook", $"Publishing:Targets:hook:Webhook:Url={url}", $"Publishing:Targets:hook:Webhook:Secret={Secret}",
            "Publishing:Publisher:PollInterval=00:00:00.050", "Publishing:Publisher:MaxRetryAttempts=1", "Publishing:Publisher:RetryBaseDelay=00:00:00.010");
        return _host;
    }

    private static async Task PostAlertAsync(ServiceHost host)
    {
        var body = Payloads.Alertmanager(("HighLatency", "checkout", "web-1", DateTimeOffset.UtcNow.AddMinutes(-1), null, "critical"));
        using var response = await host.Client.PostAsync("/ingest/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> WaitForAsync(ServiceHost host, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await host.Client.GetFromJsonAsync<JsonElement>(path, Ct);
            if (done(json) || DateTimeOffset.UtcNow > deadline)
            {
                return json;
            }

            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Run_WebhookTarget_DeliversTheOpenedIncidentSigned()
    {
        var host = await StartAsync();

        await PostAlertAsync(host);
        // The publisher counts a delivery and then marks its row done in the store: wait for both.
        var status = await WaitForAsync(host, "/api/outbox", j => j.GetProperty("targets")[0].GetProperty("delivered").GetInt64() >= 1
            && j.GetProperty("targets")[0].GetProperty("done").GetInt64() >= 1);

        Assert.True(status.GetProperty("targets")[0].GetProperty("done").GetInt64() >= 1);
        Assert.All(_received, r => Assert.True(WebhookSignature.Verify(Encoding.UTF8.GetBytes(r.Body), Secret, r.Signature)));
        Assert.Contains("\"kind\":\"incident.opened\"", _received.First().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TargetRefuses_RowIsParkedAndShownInApiHealthAndMetrics()
    {
        _status = 422;
        var host = await StartAsync();

        await PostAlertAsync(host);
        var parked = await WaitForAsync(host, "/api/outbox/parked", j => j.GetArrayLength() > 0);

        var row = Assert.Single(parked.EnumerateArray());
        Assert.Contains("no route for checkout", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);
        Assert.Equal(1, health.GetProperty("publishing").GetProperty("parked").GetInt64());
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("correlator_outbox_rows{target=\"hook\",status=\"parked\"} 1", metrics, StringComparison.Ordinal);

        _status = 200;
        using var retry = await host.Client.PostAsync($"/api/outbox/{row.GetProperty("id").GetInt64()}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await WaitForAsync(host, "/api/outbox", j => j.GetProperty("targets")[0].GetProperty("pending").GetInt64() == 0);
        Assert.Equal(0, (await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox/parked", Ct)).GetArrayLength());
    }

    [Theory]
    [InlineData("Publishing:Targets:x:Type", "jira", "Publishing:Targets:x:Type")]
    [InlineData("Publishing:Targets:x:Type", "webhook", "Publishing:Targets:x:Webhook")]
    [InlineData("Publishing:Publisher:MaxConcurrency", "0", "Publishing:Publisher:MaxConcurrency")]
    public void ConfigurationCheck_BadPublishingValue_NamesTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(configuration));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigurationCheck_WebhookWithShortSecret_NamesTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            KeyValuePair.Create("Publishing:Targets:x:Type", (string?)"webhook"),
            KeyValuePair.Create("Publishing:Targets:x:Webhook:Url", (string?)"http://127.0.0.1:1/"),
            KeyValuePair.Create("Publishing:Targets:x:Webhook:Secret", (string?)"short"),
        ]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(configuration));

        Assert.Contains(error.Failures, f => f.Contains("Publishing:Targets:x:Webhook:Secret", StringComparison.Ordinal));
    }
}
