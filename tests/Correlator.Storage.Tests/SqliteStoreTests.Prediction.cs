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
        await Store.SavePredictionsAsync([prediction], Ct);
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
}
