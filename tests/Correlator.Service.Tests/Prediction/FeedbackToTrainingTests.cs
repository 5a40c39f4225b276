using System.Net;
using System.Text.Json;
using Correlator.Prediction;
using Correlator.Service.Cli;
using Correlator.Testing;

namespace Correlator.Service.Tests.Prediction;

/// <summary>
/// End to end: people confirm or dismiss predictions through the API; <c>correlator train</c> on the service's store
/// uses those verdicts as labels and its model card counts them; the restarted service loads that newest model at start.
/// </summary>
public sealed class FeedbackToTrainingTests
{
    private const int Clusters = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConfirmAndDismissThroughTheApi_AreTheLabelsOfTheNextTraining_AndTheServiceLoadsThatModelAtStart()
    {
        using var models = new TempDirectory("models");
        string[] settings = ["Prediction:Enabled=true", "Prediction:ThresholdOverride=0.01", "Prediction:ModelsDirectory=" + models.Path, "Prediction:DismissSuppression=00:00:00"];
        await using var host = await ServiceHost.StartAsync(settings);
        for (int k = 0; k < Clusters; k++)
        {
            var t = Some.At(1200 * k);
            using var response = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
                ("CpuHigh", $"svc-{k}", "i-1", t, null, "warning"), ("QueueDepth", $"svc-{k}", "i-1", t.AddMinutes(1), null, "warning")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var manager = host.CreateClient(ServiceHost.KeyOf["incident-manager"]);
        for (long id = 1; id <= Clusters; id++)
        {
            Assert.Equal("predicted", (await host.GetJsonAsync($"/api/incidents/{id}")).GetProperty("incident").GetProperty("state").GetString());
            var (verb, body) = id % 2 == 0 ? ("confirm", "") : ("dismiss", "{\"reason\":\"batch job\"}");
            using var verdict = await manager.PostAsync($"/api/incidents/{id}/{verb}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, verdict.StatusCode);
        }

        await host.StopAsync();
        using var output = new StringWriter();
        string[] args = ["--from", Some.At(-3600).ToString("O"), "--to", Some.At(1200 * Clusters + 3600).ToString("O"), "--db", Path.Combine(host.DataDirectory, "correlator.db"), "--models", models.Path];
        var code = await TrainCommand.RunAsync(args, output, TimeProvider.System, Ct);

        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.Contains($"{Clusters} incidents with a person's verdict", text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(text.TrimEnd().Split('\n')[^1]).RootElement;
        int feedback = json.GetProperty("feedback_labels").GetInt32();
        Assert.True(feedback >= Clusters, text); // every sample of every incident carries its person's verdict
        Assert.True(json.GetProperty("positives").GetInt32() > 0, text);
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(models.Path, "anticipation-v0001.card.json")), "card");
        Assert.Equal(feedback, card.FeedbackLabels);

        await host.RestartAsync();
        var status = await host.GetJsonAsync("/api/admin/models");
        Assert.False(status.GetProperty("coldStart").GetBoolean());
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        Assert.Equal(feedback, status.GetProperty("feedbackLabels").GetInt32());
    }
}
