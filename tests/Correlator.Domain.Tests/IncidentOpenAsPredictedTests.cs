using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

/// <summary>The prediction stage's opening decision, and the outbox effects of a predicted incident's life.</summary>
public sealed class IncidentOpenAsPredictedTests
{
    [Fact]
    public void OpenAsPredicted_JustOpened_IsPredictedWithTheExplanation()
    {
        var predicted = Some.OpenIncident().OpenAsPredicted("42% by cold-start rule", Some.At(10));

        Assert.Equal(IncidentState.Predicted, predicted.State);
        Assert.Equal("Predicted: 42% by cold-start rule", predicted.Timeline[^1].Text);
    }

    [Fact]
    public void OpenAsPredicted_AfterAStateChange_IsRefused()
    {
        var acknowledged = Some.OpenIncident().Acknowledge("ana", Some.At(5));

        Assert.Throws<InvalidOperationException>(() => acknowledged.OpenAsPredicted("late", Some.At(10)));
    }

    [Fact]
    public void Derive_PredictedThenDismissed_OpenedPredictedThenClosed()
    {
        var predicted = Some.OpenIncident().OpenAsPredicted("90% by model v1", Some.At(10));
        var opening = new ChangeSet();
        opening.Put(predicted, null);

        var opened = IncidentEffects.Derive(opening).ToList();
        var dismissal = new ChangeSet();
        dismissal.Put(predicted.Dismiss("bob", "load test", Some.At(60)), predicted);
        var dismissed = IncidentEffects.Derive(dismissal).ToList();

        Assert.Equal([OutboxKinds.IncidentOpened, OutboxKinds.Predicted], opened.Select(e => e.Kind));
        Assert.Equal("predicted", OutboxJson.ReadIncident(opened[0].Payload).State);
        Assert.Equal([OutboxKinds.Closed], dismissed.Select(e => e.Kind));
    }
}
