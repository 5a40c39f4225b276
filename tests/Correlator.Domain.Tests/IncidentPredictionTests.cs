using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class IncidentPredictionTests
{
    [Fact]
    public void Confirm_PredictedIncident_BecomesNewWithATimelineLine()
    {
        var predicted = Some.OpenIncident() with { State = IncidentState.Predicted };

        var confirmed = predicted.Confirm("alice", Some.At(90));

        Assert.Equal(IncidentState.New, confirmed.State);
        Assert.Contains(confirmed.Timeline, e => e.At == Some.At(90) && e.Text.Contains("confirmed by alice", StringComparison.Ordinal));
    }

    [Fact]
    public void Dismiss_PredictedIncident_ClosesWithTheReason()
    {
        var predicted = Some.OpenIncident() with { State = IncidentState.Predicted };

        var dismissed = predicted.Dismiss("bob", "planned load test", Some.At(120));

        Assert.Equal(IncidentState.Closed, dismissed.State);
        Assert.Equal(Some.At(120), dismissed.ClosedAt);
        Assert.Contains(dismissed.Timeline, e => e.Text.Contains("planned load test", StringComparison.Ordinal));
    }

    [Fact]
    public void Confirm_IncidentNotPredicted_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Some.OpenIncident().Confirm("alice", Some.At(90)));

        Assert.Contains("cannot move from New to New", error.Message, StringComparison.Ordinal);
    }
}
