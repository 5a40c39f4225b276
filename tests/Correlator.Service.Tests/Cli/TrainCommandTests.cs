using System.Net;
using System.Text.Json;
using Correlator.Prediction;
using Correlator.Service.Cli;
using Correlator.Service.Prediction;
using Correlator.Testing;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Cli;

/// <summary>
/// <c>correlator train</c> on a store the real service filled with a generated history (every third cluster of
/// warnings turns into a critical error within minutes), and the service's model reload keeping the better model.
/// </summary>
public sealed class TrainCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _models = new("models");
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Start => Some.At(0);

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        for (int k = 0; k < 60; k++)
        {
            var t = Start.AddMinutes(20 * k);
            var service = $"svc-{k}";
            var alerts = new List<(string, string, string, DateTimeOffset, DateTimeOffset?, string)>
            {
                ("CpuHigh", service, "i-1", t, null, "warning"),
                ("QueueDepth", service, "i-1", t.AddMinutes(1), null, "warning"),
            };
            if (k % 3 == 0)
            {
                alerts.Add(("GcPause", service, "i-2", t.AddMinutes(2), null, "warning"));
                alerts.Add(("ThreadsBlocked", service, "i-2", t.AddMinutes(3), null, "minor"));
                alerts.Add(("Errors", service, "i-1", t.AddMinutes(5), null, "critical"));
            }

            using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager([.. alerts]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _models.Dispose();
    }

    private async Task<(int Code, string Output)> TrainAsync(params string[] extra)
    {
        using var output = new StringWriter();
        string[] args = ["--from", Start.AddHours(-1).ToString("O"), "--to", Start.AddDays(1).ToString("O"), "--db", Path.Combine(_host.DataDirectory, "correlator.db"), "--models", _models.Path, .. extra];
        var code = await TrainCommand.RunAsync(args, output, TimeProvider.System, Ct);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Train_GeneratedStore_WritesModelAndCard_AndTheRegistryPromotesIt()
    {
        var (code, output) = await TrainAsync();

        Assert.True(code == 0, output);
        var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.True(json.GetProperty("promoted").GetBoolean());
        Assert.True(json.GetProperty("positives").GetInt32() > 0);
        Assert.Equal(0, json.GetProperty("feedback_labels").GetInt32());
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(_models.Path, "anticipation-v0001.card.json")), "card");
        Assert.True(card.DataFrom < card.ValidationFrom && card.ValidationFrom <= card.DataTo);
        Assert.Contains("correlator train --from", card.Retrain, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_models.Path, "anticipation-v0001.zip")));
        Assert.Equal(1, new ModelRegistry(_models.Path).CurrentVersion());
    }

    [Fact]
    public async Task Train_EmptyRange_Exits5AndSaysWhy()
    {
        using var output = new StringWriter();
        string[] args = ["--from", "2001-01-01", "--to", "2001-01-02", "--db", Path.Combine(_host.DataDirectory, "correlator.db"), "--models", _models.Path];

        var code = await TrainCommand.RunAsync(args, output, TimeProvider.System, Ct);

        Assert.Equal(5, code);
        Assert.Contains("cannot train", output.ToString(), StringComparison.Ordinal);
        Assert.Null(new ModelRegistry(_models.Path).CurrentVersion());
    }

    [Fact]
    public async Task Reload_PromotedModelWorseThanTheLoadedOne_KeepsTheLoadedOne_ThenTakesABetterOne()
    {
        var (code, output) = await TrainAsync();
        Assert.True(code == 0, output);
        var models = new PredictionModels(Options.Create(new PredictionOptions { ModelsDirectory = _models.Path }), TimeProvider.System);
        Assert.Equal(1, models.Reload().Card?.Version);
        var v1 = ModelCard.FromJson(File.ReadAllText(Path.Combine(_models.Path, "anticipation-v0001.card.json")), "card");
        Publish(v1 with { Version = 2, Validation = v1.Validation with { AveragePrecision = v1.Validation.AveragePrecision / 2 } });

        var kept = models.Reload();
        Publish(v1 with { Version = 3 });
        var taken = models.Reload();

        Assert.Equal(1, kept.Card?.Version);
        Assert.Contains("kept", kept.Note, StringComparison.Ordinal);
        Assert.Equal(3, taken.Card?.Version);
        Assert.False(taken.IsColdStart);
    }

    [Fact]
    public async Task Sighup_Handler_ReloadsTheModelAndKeepsTheProcess()
    {
        var (code, output) = await TrainAsync();
        Assert.True(code == 0, output);
        var models = new PredictionModels(Options.Create(new PredictionOptions { ModelsDirectory = _models.Path }), TimeProvider.System);
        Assert.True(models.Current.IsColdStart);
        using var handler = new ModelReloadOnSignal(models, Options.Create(new PredictionOptions { Enabled = true, ModelsDirectory = _models.Path }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelReloadOnSignal>.Instance);
        var context = new System.Runtime.InteropServices.PosixSignalContext(System.Runtime.InteropServices.PosixSignal.SIGHUP);

        handler.OnSignal(context);

        Assert.True(context.Cancel);
        for (int i = 0; i < 200 && models.Current.IsColdStart; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, models.Current.Card?.Version);
    }

    /// <summary>Copies model v1 as another version with the given card and points the registry at it.</summary>
    private void Publish(ModelCard card)
    {
        var registry = new ModelRegistry(_models.Path);
        File.Copy(registry.ModelPath(1), registry.ModelPath(card.Version));
        File.WriteAllText(registry.CardPath(card.Version), card.ToJson());
        File.WriteAllText(Path.Combine(_models.Path, "current.json"), $"{{\"version\": {card.Version}}}");
    }
}
