using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class IncidentStatesTests
{
    [Theory]
    [InlineData(IncidentState.New, IncidentState.New, false)]
    [InlineData(IncidentState.New, IncidentState.InProgress, true)]
    [InlineData(IncidentState.New, IncidentState.OnHold, true)]
    [InlineData(IncidentState.New, IncidentState.Resolved, true)]
    [InlineData(IncidentState.New, IncidentState.Closed, false)]
    [InlineData(IncidentState.InProgress, IncidentState.New, false)]
    [InlineData(IncidentState.InProgress, IncidentState.InProgress, false)]
    [InlineData(IncidentState.InProgress, IncidentState.OnHold, true)]
    [InlineData(IncidentState.InProgress, IncidentState.Resolved, true)]
    [InlineData(IncidentState.InProgress, IncidentState.Closed, false)]
    [InlineData(IncidentState.OnHold, IncidentState.New, false)]
    [InlineData(IncidentState.OnHold, IncidentState.InProgress, true)]
    [InlineData(IncidentState.OnHold, IncidentState.OnHold, false)]
    [InlineData(IncidentState.OnHold, IncidentState.Resolved, true)]
    [InlineData(IncidentState.OnHold, IncidentState.Closed, false)]
    [InlineData(IncidentState.Resolved, IncidentState.New, true)]
    [InlineData(IncidentState.Resolved, IncidentState.InProgress, true)]
    [InlineData(IncidentState.Resolved, IncidentState.OnHold, false)]
    [InlineData(IncidentState.Resolved, IncidentState.Resolved, false)]
    [InlineData(IncidentState.Resolved, IncidentState.Closed, true)]
    [InlineData(IncidentState.Closed, IncidentState.New, false)]
    [InlineData(IncidentState.Closed, IncidentState.InProgress, false)]
    [InlineData(IncidentState.Closed, IncidentState.OnHold, false)]
    [InlineData(IncidentState.Closed, IncidentState.Resolved, false)]
    [InlineData(IncidentState.Closed, IncidentState.Closed, false)]
    [InlineData(IncidentState.Predicted, IncidentState.New, true)]
    [InlineData(IncidentState.Predicted, IncidentState.InProgress, true)]
    [InlineData(IncidentState.Predicted, IncidentState.OnHold, false)]
    [InlineData(IncidentState.Predicted, IncidentState.Resolved, true)]
    [InlineData(IncidentState.Predicted, IncidentState.Closed, true)]
    [InlineData(IncidentState.Predicted, IncidentState.Predicted, false)]
    [InlineData(IncidentState.New, IncidentState.Predicted, false)]
    [InlineData(IncidentState.Resolved, IncidentState.Predicted, false)]
    [InlineData(IncidentState.Closed, IncidentState.Predicted, false)]
    public void CanMove_EveryPairOfStates_FollowsTheLifecycle(IncidentState from, IncidentState to, bool expected)
    {
        // Act
        var allowed = IncidentStates.CanMove(from, to);

        // Assert
        Assert.Equal(expected, allowed);
    }

    [Theory]
    [InlineData(IncidentState.New, true)]
    [InlineData(IncidentState.InProgress, true)]
    [InlineData(IncidentState.OnHold, true)]
    [InlineData(IncidentState.Resolved, false)]
    [InlineData(IncidentState.Closed, false)]
    [InlineData(IncidentState.Predicted, true)]
    public void IsActive_EveryState_TrueUntilResolved(IncidentState state, bool expected)
    {
        Assert.Equal(expected, IncidentStates.IsActive(state));
    }

    [Theory]
    [InlineData(IncidentState.New, "new")]
    [InlineData(IncidentState.InProgress, "in_progress")]
    [InlineData(IncidentState.OnHold, "on_hold")]
    [InlineData(IncidentState.Resolved, "resolved")]
    [InlineData(IncidentState.Closed, "closed")]
    [InlineData(IncidentState.Predicted, "predicted")]
    public void ToName_EveryState_SnakeCaseNameThatParsesBack(IncidentState state, string expected)
    {
        // Act
        var name = IncidentStates.ToName(state);

        // Assert
        Assert.Equal(expected, name);
        Assert.True(IncidentStates.TryParse(name.ToUpperInvariant(), out var parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData("InProgress", true, IncidentState.InProgress)]
    [InlineData("onhold", true, IncidentState.OnHold)]
    [InlineData("open", false, IncidentState.New)]
    [InlineData("", false, IncidentState.New)]
    [InlineData(null, false, IncidentState.New)]
    public void TryParse_Text_ParsesEnumNamesToo(string? text, bool expectedParsed, IncidentState expected)
    {
        // Act
        var parsed = IncidentStates.TryParse(text, out var state);

        // Assert
        Assert.Equal(expectedParsed, parsed);
        Assert.Equal(expected, state);
    }
}
