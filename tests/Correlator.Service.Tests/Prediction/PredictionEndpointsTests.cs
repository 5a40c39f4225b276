using System.Net;
using System.Text.Json;
using Correlator.Correlation;
using Correlator.Prediction;
using Correlator.Service.Prediction;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Prediction;

/// <summary>
/// The prediction stage on the real service (cold-start rule, a low threshold override so one warning passes):
/// early-only incidents open Predicted, an impact signal confirms, and people's confirm / dismiss with their
/// refusals (400, 403, 404, 409) and the labels they leave for the next training.
/// </summary>
public sealed class PredictionEndpointsTests : IAsyncLifetime
{
    private readonly TempDirectory _models = new("models");
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync("Prediction:Enabled=true", "Prediction:ThresholdOverride=0.01", "Prediction:ModelsDirectory=" + _models.Path);
        // 1: a lone warning on search (early only) → Predicted. 2: a critical error on payments → a normal New incident.
        await IngestAsync(("CpuHigh", "search", "es-1", Some.At(0), null, "warning"));
        await IngestAsync(("Errors", "payments", "pay-1", Some.At(60), null, "critical"));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _models.Dispose();
    }

    private async Task IngestAsync(params (string, string, string, DateTimeOffset, DateTimeOffset?, string)[] alerts)
    {
        using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(alerts));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(long id, string verb, string body, string role = "incident-manager")
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf[role]);
        using var response = await client.PostAsync($"/api/incidents/{id}/{verb}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string?> StateAsync(long id) => (await _host.GetJsonAsync($"/api/incidents/{id}")).GetProperty("incident").GetProperty("state").GetString();

    [Fact]
    public async Task Stage_EarlyOnlyIncident_OpensPredictedWithProbabilityAndExplanation()
    {
        var predicted = await _host.GetJsonAsync("/api/incidents?state=predicted");
        var detail = await _host.GetJsonAsync("/api/incidents/1");

        Assert.Equal([1L], predicted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal("new", await StateAsync(2));
        var prediction = detail.GetProperty("prediction");
        Assert.Equal("cold-start rule", prediction.GetProperty("method").GetString());
        Assert.InRange(prediction.GetProperty("probability").GetDouble(), 0.01, 0.99);
        Assert.Equal(0.01, prediction.GetProperty("threshold").GetDouble());
        Assert.Equal(15, prediction.GetProperty("horizonMinutes").GetDouble());
        Assert.NotEmpty(prediction.GetProperty("explanation").EnumerateArray());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.StartsWith("Predicted: ", StringComparison.Ordinal));
        Assert.False((await _host.GetJsonAsync("/api/incidents/2")).TryGetProperty("prediction", out _));
    }

    [Fact]
    public async Task Stage_ImpactSignalJoinsPredicted_ConfirmsIt()
    {
        await IngestAsync(("QueueDepth", "checkout", "co-1", Some.At(120), null, "warning"));
        var id = (await _host.GetJsonAsync("/api/incidents?state=predicted&service=checkout")).GetProperty("items")[0].GetProperty("id").GetInt64();

        await IngestAsync(("Errors", "checkout", "co-1", Some.At(300), null, "critical"));

        var detail = await _host.GetJsonAsync($"/api/incidents/{id}");
        Assert.Equal("new", detail.GetProperty("incident").GetProperty("state").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("confirmed by user impact: Errors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dismiss_WithReason_ClosesWithTheReasonAndStoresALabel()
    {
        var (status, body) = await PostAsync(1, "dismiss", "{\"reason\":\"planned load test\"}");
        var (again, _) = await PostAsync(1, "dismiss", "{\"reason\":\"twice\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("closed", body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);
        var detail = await _host.GetJsonAsync("/api/incidents/1");
        Assert.Equal("closed", detail.GetProperty("incident").GetProperty("state").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("planned load test", StringComparison.Ordinal));
        var feedback = detail.GetProperty("prediction").GetProperty("feedback");
        Assert.Equal("dismissed", feedback.GetProperty("verdict").GetString());
        Assert.Equal("key:test-incident-manager", feedback.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Confirm_Predicted_BecomesNew()
    {
        var (status, body) = await PostAsync(1, "confirm", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("label").GetBoolean());
        Assert.Equal("new", await StateAsync(1));
    }

    [Theory]
    [InlineData(1L, "dismiss", "{}", "incident-manager", HttpStatusCode.BadRequest)]
    [InlineData(1L, "dismiss", "{\"reason\":\"   \"}", "incident-manager", HttpStatusCode.BadRequest)]
    [InlineData(1L, "dismiss", "{\"reason\":\"noise\"}", "viewer", HttpStatusCode.Forbidden)]
    [InlineData(1L, "confirm", "", "viewer", HttpStatusCode.Forbidden)]
    [InlineData(2L, "dismiss", "{\"reason\":\"noise\"}", "incident-manager", HttpStatusCode.Conflict)]
    [InlineData(2L, "confirm", "", "incident-manager", HttpStatusCode.Conflict)]
    [InlineData(999L, "confirm", "", "incident-manager", HttpStatusCode.NotFound)]
    public async Task Verdict_Refused_AnswersItsStatusAndLeavesThePrediction(long id, string verb, string body, string role, HttpStatusCode expected)
    {
        var (status, _) = await PostAsync(id, verb, body, role);

        Assert.Equal(expected, status);
        Assert.Equal("predicted", await StateAsync(1));
    }

    [Fact]
    public async Task Dismiss_ThroughTheApi_IsTheNextTrainingsLabel()
    {
        await IngestAsync(("DiskSlow", "search", "es-1", Some.At(30), null, "warning"));
        var store = _host.App.Services.GetRequiredService<SqliteStore>();
        var before = await StoreTrainingSet.BuildAsync(store, Some.At(-3600), Some.At(3600), TimeSpan.FromMinutes(15), ServiceCriticality.None, Ct);

        await PostAsync(1, "dismiss", "{\"reason\":\"batch job\"}");
        var after = await StoreTrainingSet.BuildAsync(store, Some.At(-3600), Some.At(3600), TimeSpan.FromMinutes(15), ServiceCriticality.None, Ct);

        Assert.All(before.Samples.Where(s => s.ClusterId == 1), s => Assert.Equal(TrainingSample.History, s.Origin));
        var labelled = after.Samples.Where(s => s.ClusterId == 1).ToList();
        Assert.Equal(2, labelled.Count);
        Assert.All(labelled, s => Assert.Equal((false, TrainingSample.Feedback), (s.Label, s.Origin)));
        Assert.Equal(1, after.FeedbackIncidents);
    }

    [Fact]
    public async Task Models_ReloadWithoutAModel_KeepsTheColdStartRule_AdminOnly()
    {
        using var viewer = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var refused = await viewer.PostAsync("/api/admin/models/reload", null, Ct);
        using var response = await _host.Client.PostAsync("/api/admin/models/reload", null, Ct);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(status.GetProperty("coldStart").GetBoolean());
        Assert.True(status.GetProperty("scored").GetInt64() >= 1);
        Assert.True(status.GetProperty("predicted").GetInt64() >= 1);
    }
}
