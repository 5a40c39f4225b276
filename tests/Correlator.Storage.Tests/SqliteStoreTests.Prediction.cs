using Correlator.Storage;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task Predictions_SavedThenRead_AndTheLatestVerdictPerIncidentWins()
    {
        await OpenAsync();
        var prediction = new PredictionRecord(7, Some.At(60), 0.83, 0.7, "model v2", 15, "{\"signals\":2}", "[{\"feature\":\"signals\",\"value\":2,\"contribution\":0.5}]");
        var signal = Some.Alert(at: 0);
        await Store.CommitAsync(Changes([Open(7, signal).OpenAsPredicted("p=0.83", Some.At(0))], State(signal, 7)), [prediction], Ct);
        await Store.AddFeedbackAsync(new FeedbackLabel(7, true, "ana", null, Some.At(90)), Ct);
        await Store.AddFeedbackAsync(new FeedbackLabel(7, false, "bob", "load test", Some.At(120)), Ct);

        var read = await Store.GetPredictionAsync(7, Ct);
        var listed = await Store.ListPredictionsAsync(Some.At(0), Some.At(61), Ct);
        var feedback = await Store.GetFeedbackAsync(Ct);

        Assert.Equal(prediction, read);
        Assert.Equal([prediction], listed);
        Assert.Null(await Store.GetPredictionAsync(8, Ct));
        Assert.Equal(new FeedbackLabel(7, false, "bob", "load test", Some.At(120)), Assert.Single(feedback).Value);
    }

    [Fact]
    public async Task CommitAsync_WithPredictions_StoresIncidentAndPredictionTogetherOrNeither()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var predicted = Open(1, first).OpenAsPredicted("p=0.9", Some.At(0));
        var row = new PredictionRecord(1, Some.At(0), 0.9, 0.5, "cold-start rule", 15, "{}", "[]");

        await Store.CommitAsync(Changes([predicted], State(first, 1)), [row], Ct);

        Assert.Equal(predicted, (await Store.GetIncidentAsync(1, Ct))?.Incident);
        Assert.Equal(row, await Store.GetPredictionAsync(1, Ct));

        // The prediction insert fails: the incident of the same batch is not stored either.
        await using (var raw = RawConnection())
        {
            await raw.OpenAsync(Ct);
            await using var command = raw.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_prediction BEFORE INSERT ON incident_predictions BEGIN SELECT RAISE(ABORT, 'refused'); END;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var second = Some.Alert(name: "Other", at: 10);
        var next = Open(2, second, at: 10).OpenAsPredicted("p=0.8", Some.At(10));
        await Assert.ThrowsAsync<StorageException>(() => Store.CommitAsync(Changes([next], State(second, 2, firstSeen: 10)), [row with { IncidentId = 2 }], Ct));

        Assert.Null(await Store.GetIncidentAsync(2, Ct));
        Assert.Null(await Store.GetPredictionAsync(2, Ct));
    }

    [Fact]
    public async Task ListIncidentClusters_Window_GivesTheNewestOldestFirstWithLinksAndSignals_InOneRead()
    {
        await OpenAsync();
        var a = Some.Alert(name: "A", at: 0);
        var b = Some.Alert(name: "B", at: 60);
        var c = Some.Alert(name: "C", at: 120);
        var d = Some.Alert(name: "D", at: 130);
        await CommitAsync(Changes([Open(1, a)], State(a, 1)));
        await CommitAsync(Changes([Open(2, b, at: 60)], State(b, 2, firstSeen: 60)));
        var three = Open(3, c, at: 120).Attach(d, "rule", Some.At(130));
        await CommitAsync(Changes([three], State(c, 3, firstSeen: 120), State(d, 3, firstSeen: 130)));

        var all = await Store.ListIncidentClustersAsync(Some.At(0), Some.At(200), null, Ct);
        var newestTwo = await Store.ListIncidentClustersAsync(Some.At(0), Some.At(200), 2, Ct);
        var window = await Store.ListIncidentClustersAsync(Some.At(30), Some.At(120), null, Ct);

        Assert.Equal([1L, 2L, 3L], all.Select(x => x.Incident.Id));
        Assert.Equal([2L, 3L], newestTwo.Select(x => x.Incident.Id));
        Assert.Equal([2L], window.Select(x => x.Incident.Id));
        var detail = await Store.GetIncidentAsync(3, Ct);
        Assert.Equal(detail!.Incident.Links, all[2].Incident.Links);
        Assert.Equal(detail.Signals.Select(s => (s.Fingerprint, s.Latest.Name)), all[2].Signals.Select(s => (s.Fingerprint, s.Latest.Name)));
        Assert.Equal(["C", "D"], all[2].Signals.Select(s => s.Latest.Name));
        Assert.Empty(all[2].Incident.Timeline);
        Assert.Empty(await Store.ListIncidentClustersAsync(Some.At(500), Some.At(600), null, Ct));
    }
}
