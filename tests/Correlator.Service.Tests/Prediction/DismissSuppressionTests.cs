using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Prediction;

/// <summary>
/// A dismissed prediction whose signal fires again: within <c>Prediction:DismissSuppression</c> the new incident opens
/// New (not Predicted) with a note naming the dismissal, also after a restart (the stage rebuilds it from the store);
/// with the suppression off it is predicted again.
/// </summary>
public sealed class DismissSuppressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ServiceHost> StartAsync(string suppression, TempDirectory models) =>
        await ServiceHost.StartAsync("Prediction:Enabled=true", "Prediction:ThresholdOverride=0.01", "Prediction:ModelsDirectory=" + models.Path,
            "Prediction:DismissSuppression=" + suppression);

    private static async Task IngestAsync(ServiceHost host, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        using var response = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("CpuHigh", "search", "es-1", startsAt, endsAt, "warning")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task DismissAsync(ServiceHost host, long id)
    {
        using var client = host.CreateClient(ServiceHost.KeyOf["incident-manager"]);
        using var response = await client.PostAsync($"/api/incidents/{id}/dismiss", new StringContent("{\"reason\":\"noise\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Predicts incident 1, dismisses it, lets its signal clear and fire again; returns the newest incident's state and timeline texts.</summary>
    private static async Task<(long Id, string? State, List<string> Timeline)> RefireAfterDismissAsync(ServiceHost host, bool restart)
    {
        await IngestAsync(host, Some.At(0), null);
        Assert.Equal("predicted", (await host.GetJsonAsync("/api/incidents/1")).GetProperty("incident").GetProperty("state").GetString());
        await DismissAsync(host, 1);
        if (restart)
        {
            await host.RestartAsync();
        }

        await IngestAsync(host, Some.At(0), Some.At(60));
        await IngestAsync(host, Some.At(120), null);
        var items = (await host.GetJsonAsync("/api/incidents?service=search")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var id = items.Max();
        Assert.NotEqual(1, id);
        var detail = await host.GetJsonAsync($"/api/incidents/{id}");
        return (id, detail.GetProperty("incident").GetProperty("state").GetString(),
            detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString() ?? "").ToList());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dismissed_SignalFiresAgainWithinSuppression_OpensNewWithANote(bool restart)
    {
        using var models = new TempDirectory("models");
        await using var host = await StartAsync("00:30:00", models);

        var (_, state, timeline) = await RefireAfterDismissAsync(host, restart);

        Assert.Equal("new", state);
        Assert.Contains(timeline, t => t.StartsWith("Not predicted: signal CpuHigh was in incident 1", StringComparison.Ordinal));
        Assert.DoesNotContain(timeline, t => t.StartsWith("Predicted:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dismissed_SuppressedIncidentHitByImpact_IsAnOrdinaryIncident_NotHiddenNorConfirmed()
    {
        using var models = new TempDirectory("models");
        await using var host = await StartAsync("00:30:00", models);
        var (id, _, _) = await RefireAfterDismissAsync(host, restart: false);

        using (var response = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("ErrorRate", "search", "es-1", Some.At(150), null, "critical"))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var detail = await host.GetJsonAsync($"/api/incidents/{id}");
        var timeline = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString() ?? "").ToList();
        var status = await host.GetJsonAsync("/api/admin/models");

        Assert.NotEqual("closed", detail.GetProperty("incident").GetProperty("state").GetString());
        Assert.Contains(detail.GetProperty("signals").EnumerateArray(), l => l.GetProperty("name").GetString() == "ErrorRate"); // in this incident, not hidden
        Assert.DoesNotContain(timeline, t => t.StartsWith("Prediction confirmed", StringComparison.Ordinal) || t.StartsWith("Predicted:", StringComparison.Ordinal));
        Assert.Equal(1, status.GetProperty("suppressedByDismissal").GetInt64());
        Assert.Equal(1, status.GetProperty("predicted").GetInt64());
    }

    [Fact]
    public async Task Dismissed_SuppressionOff_IsPredictedAgain()
    {
        using var models = new TempDirectory("models");
        await using var host = await StartAsync("00:00:00", models);

        var (_, state, _) = await RefireAfterDismissAsync(host, restart: false);

        Assert.Equal("predicted", state);
    }
}
