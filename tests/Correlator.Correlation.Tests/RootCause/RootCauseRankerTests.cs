using System.Globalization;
using Correlator.Correlation.RootCause;
using Correlator.Correlation.Topology;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.RootCause;

public sealed class RootCauseRankerTests
{
    private static readonly TopologyGraph Unrelated = new([("web", "api")]);

    /// <summary>A history that knows fixed rates and says where they come from.</summary>
    private sealed class FixedHistory(Dictionary<string, double> rates) : IRootCauseHistory
    {
        public double LeadRate(string component) => rates.GetValueOrDefault(component);

        public string Explain(string component) => string.Create(CultureInfo.InvariantCulture, $"led {component} {rates.GetValueOrDefault(component):F2}");
    }

    // Two unrelated components, same onset and strength: only the name breaks the tie without history.
    private static readonly ComponentEvidence[] Tied = [new("cache", Some.At(0), 0.5, 1), new("queue", Some.At(0), 0.5, 1)];

    [Fact]
    public void Rank_NoHistory_NameBreaksTheTie_AndTheReasonSaysThereIsNone()
    {
        var ranking = RootCauseRanker.Rank(Tied, Unrelated);

        Assert.Equal(["cache", "queue"], ranking.Select(c => c.Component));
        Assert.Equal(ranking[0].Score, ranking[1].Score);
        Assert.EndsWith("no root-cause history (history 0.00)", ranking[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_WithHistory_ThePastLeaderGainsItsShare_AndTheReasonExplainsIt()
    {
        var ranking = RootCauseRanker.Rank(Tied, Unrelated, new FixedHistory(new() { ["queue"] = 0.5 }));

        Assert.Equal(["queue", "cache"], ranking.Select(c => c.Component));
        Assert.Equal(RootCauseRanker.HistoryWeight * 0.5, ranking[0].Score - ranking[1].Score, 4);
        Assert.EndsWith("led queue 0.50 (history 0.50)", ranking[0].Reason, StringComparison.Ordinal);
        Assert.EndsWith("led cache 0.00 (history 0.00)", ranking[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_HistoryOutOfRange_Clamped()
    {
        var ranking = RootCauseRanker.Rank(Tied, Unrelated, new FixedHistory(new() { ["cache"] = 7 }));

        Assert.Equal(RootCauseRanker.HistoryWeight, ranking[0].Score - ranking[1].Score, 4);
        Assert.EndsWith("(history 1.00)", ranking[0].Reason, StringComparison.Ordinal);
    }
}
