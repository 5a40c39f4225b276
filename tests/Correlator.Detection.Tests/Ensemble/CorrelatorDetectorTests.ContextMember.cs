using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Ensemble;

/// <summary>The rule on the contextual member's alarms: its budget (on by default).</summary>
public sealed partial class CorrelatorDetectorTests
{
    private const double MemberAlarm = 12.0 / (12.0 + 20.0);

    [Fact]
    public void Score_ContextBudget_MemberAlarmsBeyondTheBudgetAreDroppedUntilTheOldestLeavesTheWindow()
    {
        var values = SineWithExcursions(1900, 600, 700, 800, 900, 1750);
        var detector = new CorrelatorDetector(new CorrelatorDetectorOptions { ContextBudgetWindow = 1000, ContextBudgetAlarms = 2 });

        var scores = SyntheticSeries.ScoreAll(detector, values);

        Assert.True(scores[150..600].Max() < MemberAlarm, $"before {scores[150..600].Max()}");
        Assert.True(scores[600..604].Max() >= MemberAlarm, $"first {string.Join(", ", scores[600..604])}");
        Assert.True(scores[700..704].Max() >= MemberAlarm, $"second {string.Join(", ", scores[700..704])}");
        Assert.True(scores[800..1000].Max() < MemberAlarm, $"over the budget {scores[800..1000].Max()}");
        Assert.True(scores[1750..1754].Max() >= MemberAlarm, $"after the window {string.Join(", ", scores[1750..1754])}");
    }

    [Fact]
    public void Score_ContextBudgetOff_EveryMemberAlarmIsRaised()
    {
        var values = SineWithExcursions(1000, 600, 700, 800, 900);
        var detector = new CorrelatorDetector(new CorrelatorDetectorOptions { ContextBudgetWindow = 0 });

        var scores = SyntheticSeries.ScoreAll(detector, values);

        foreach (var at in new[] { 600, 700, 800, 900 })
        {
            Assert.True(scores[at..(at + 4)].Max() >= MemberAlarm, $"at {at}: {string.Join(", ", scores[at..(at + 4)])}");
        }
    }

    [Theory]
    [InlineData(nameof(CorrelatorDetectorOptions.ContextBudgetWindow))]
    [InlineData(nameof(CorrelatorDetectorOptions.ContextBudgetAlarms))]
    public void Constructor_InvalidMemberRule_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(CorrelatorDetectorOptions.ContextBudgetWindow) => new CorrelatorDetectorOptions { ContextBudgetWindow = -1 },
            _ => new CorrelatorDetectorOptions { ContextBudgetAlarms = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new CorrelatorDetector(options));

        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    // A sine between 0 and 1 (period 50); at each excursion two values at never-seen levels just above it, higher at
    // each excursion (z under 3.5, so no surprise alarm): the contextual member alone calls each one an alarm.
    private static double[] SineWithExcursions(int length, params int[] at)
    {
        var values = Enumerable.Range(0, length).Select(i => 0.5 + (0.5 * Math.Sin(2.0 * Math.PI * i / 50.0))).ToArray();
        for (var k = 0; k < at.Length; k++)
        {
            values[at[k]] = 1.05 + (0.1 * k);
            values[at[k] + 1] = 1.08 + (0.1 * k);
        }

        return values;
    }
}
