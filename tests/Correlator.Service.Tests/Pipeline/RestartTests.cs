using System.Net;
using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Pipeline;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_MidStreamWithRedelivery_SameIncidentsAsAnUninterruptedRun()
    {
        var stream = Stream(seed: 7, count: 60);
        await using var reference = await ServiceHost.StartAsync();
        foreach (var payload in stream)
        {
            await PostOkAsync(reference, payload);
        }

        await using var restarted = await ServiceHost.StartAsync();
        for (int i = 0; i < 30; i++)
        {
            await PostOkAsync(restarted, stream[i]);
        }

        // The 31st request is in flight when the service stops: its sender cannot know whether it was
        // stored, so it sends it again after the restart, as Alertmanager would.
        var inFlight = restarted.PostJsonAsync("/ingest/alertmanager", stream[30]);
        await restarted.StopAsync();
        await SwallowAsync(inFlight);
        await restarted.RestartAsync();
        for (int i = 30; i < stream.Count; i++)
        {
            await PostOkAsync(restarted, stream[i]);
        }

        var expected = await DescribeAsync(reference);
        var actual = await DescribeAsync(restarted);
        Assert.Equal(expected, actual);
        Assert.True(expected.Count >= 5, "the stream should open several incidents");
    }

    [Fact]
    public async Task Restart_AfterStop_KeepsIncidentsAndContinuesIds()
    {
        await using var host = await ServiceHost.StartAsync();
        await PostOkAsync(host, Payloads.Alertmanager(("A", "checkout", "web-1", Some.At(0), null, "warning")));

        await host.RestartAsync();
        await PostOkAsync(host, Payloads.Alertmanager(("A", "checkout", "web-2", Some.At(10), null, "warning")));
        await PostOkAsync(host, Payloads.Alertmanager(("B", "search", "es-1", Some.At(20), null, "warning")));

        var page = await host.GetJsonAsync("/api/incidents");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(new long[] { 2, 1 }, page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(2, page.GetProperty("items")[1].GetProperty("signalCount").GetInt32());
    }

    /// <summary>A pseudo-random but fixed stream of webhooks over four services, with repeats and resolutions.</summary>
    private static List<string> Stream(int seed, int count)
    {
        var random = new Random(seed);
        var services = new[] { "checkout", "search", "billing", "auth", "cart", "mail" };
        var firing = new List<(string Name, string Service, string Instance, DateTimeOffset StartsAt)>();
        var payloads = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var at = Some.At(i * 150);
            if (firing.Count > 0 && random.NextDouble() < 0.35)
            {
                var gone = firing[random.Next(firing.Count)];
                firing.Remove(gone);
                payloads.Add(Payloads.Alertmanager((gone.Name, gone.Service, gone.Instance, gone.StartsAt, at, "warning")));
            }
            else if (firing.Count > 0 && random.NextDouble() < 0.2)
            {
                var again = firing[random.Next(firing.Count)];
                payloads.Add(Payloads.Alertmanager((again.Name, again.Service, again.Instance, again.StartsAt, null, "warning")));
            }
            else
            {
                var service = services[random.Next(services.Length)];
                var alert = ("Alert" + random.Next(3), service, $"{service}-{random.Next(4)}", at);
                firing.RemoveAll(f => f.Name == alert.Item1 && f.Instance == alert.Item3);
                firing.Add(alert);
                payloads.Add(Payloads.Alertmanager((alert.Item1, alert.service, alert.Item3, at, null, random.Next(2) == 0 ? "warning" : "critical")));
            }
        }

        return payloads;
    }

    private static async Task<List<string>> DescribeAsync(ServiceHost host)
    {
        var page = await host.GetJsonAsync("/api/incidents?limit=500");
        var result = new List<string>();
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var detail = await host.GetJsonAsync($"/api/incidents/{item.GetProperty("id").GetInt64()}");
            var fingerprints = detail.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("fingerprint").GetString()).ToList();
            Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
            var incident = detail.GetProperty("incident");
            result.Add(string.Join('|', incident.GetProperty("id").GetInt64(), incident.GetProperty("groupKey").GetString(), incident.GetProperty("state").GetString(),
                incident.GetProperty("priority").GetString(), string.Join(',', fingerprints), detail.GetProperty("timeline").GetArrayLength()));
        }

        return result;
    }

    private static async Task PostOkAsync(ServiceHost host, string payload)
    {
        using var response = await host.PostJsonAsync("/ingest/alertmanager", payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task SwallowAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            // The sender saw the connection go; it will retry.
        }
    }
}
