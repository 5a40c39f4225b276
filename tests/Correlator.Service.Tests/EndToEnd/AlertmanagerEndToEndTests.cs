using System.Diagnostics;
using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.EndToEnd;

/// <summary>A real Prometheus Alertmanager posts its webhooks to the real service.</summary>
public sealed class AlertmanagerEndToEndTests
{
    [Fact]
    public async Task Alertmanager_FiringThenResolved_OpensAndResolvesIncidents()
    {
        if (!AlertmanagerProcess.IsInstalled)
        {
            Assert.Skip(AlertmanagerProcess.NotInstalledMessage);
        }

        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync("Pipeline:AdvanceWithClock=true", "Pipeline:TickInterval=00:00:00.500", "Correlation:QuietPeriod=00:00:00");
        await using var alertmanager = await AlertmanagerProcess.StartAsync(new Uri(host.BaseAddress, "/ingest/alertmanager"), new AlertmanagerRouting { BearerToken = ServiceHost.KeyOf["ingest"] }, ct);
        var startsAt = TimeProvider.System.GetUtcNow().AddSeconds(-30);
        var alerts = new[]
        {
            Alert("HighLatency", "checkout", "web-1", "critical", startsAt),
            Alert("HighLatency", "checkout", "web-2", "critical", startsAt),
            Alert("DiskFull", "search", "es-1", "warning", startsAt),
        };

        await alertmanager.PostAlertsAsync(alerts, ct);
        var opened = await WaitForAsync(host, page => page.GetProperty("total").GetInt32() == 2 && Signals(page, "checkout") == 2 && Signals(page, "search") == 1, alertmanager, ct);

        Assert.All(opened.GetProperty("items").EnumerateArray(), i => Assert.Equal("new", i.GetProperty("state").GetString()));
        var resolvedAt = TimeProvider.System.GetUtcNow();
        await alertmanager.PostAlertsAsync(alerts.Select(a => a with { EndsAt = resolvedAt }), ct);
        var resolved = await WaitForAsync(host, page => page.GetProperty("items").EnumerateArray().All(i => i.GetProperty("state").GetString() == "resolved"), alertmanager, ct);

        Assert.Equal(2, resolved.GetProperty("total").GetInt32());
        var checkoutId = resolved.GetProperty("items").EnumerateArray().First(i => i.GetProperty("service").GetString() == "checkout").GetProperty("id").GetInt64();
        var detail = await host.GetJsonAsync($"/api/incidents/{checkoutId}");
        Assert.All(detail.GetProperty("signals").EnumerateArray(), s =>
        {
            Assert.Equal("resolved", s.GetProperty("status").GetString());
            Assert.Equal("alertmanager", s.GetProperty("source").GetString());
        });
        Assert.Equal("P2", detail.GetProperty("incident").GetProperty("priority").GetString());
    }

    private static AlertmanagerAlert Alert(string name, string service, string instance, string severity, DateTimeOffset startsAt) => new()
    {
        Labels = new Dictionary<string, string> { ["alertname"] = name, ["service"] = service, ["instance"] = instance, ["severity"] = severity },
        Annotations = new Dictionary<string, string> { ["summary"] = $"{name} on {instance}" },
        StartsAt = startsAt,
    };

    private static int Signals(JsonElement page, string service) =>
        page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("service").GetString() == service).Sum(i => i.GetProperty("signalCount").GetInt32());

    private static async Task<JsonElement> WaitForAsync(ServiceHost host, Func<JsonElement, bool> condition, AlertmanagerProcess alertmanager, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var page = await host.GetJsonAsync("/api/incidents");
            if (page.GetProperty("total").GetInt32() > 0 && condition(page))
            {
                return page;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"Timed out; last page: {page}\nAlertmanager log:\n{alertmanager.ReadLog()}");
            await Task.Delay(200, ct);
        }
    }
}
