using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>The table that ties a latency run's slowest alerts to the spans of a candidate cause.</summary>
public sealed class LatencyExplanationTests
{
    // Timestamps in ms: a frequency of 1,000 ticks per second.
    private const long Frequency = 1_000;

    [Fact]
    public void Explain_SlowAlertsInsideAPause_OthersPercentileDropsToTheFastOnes()
    {
        // 98 alerts of 2 ms spread over time, alerts of 50 and 60 ms that sit inside one pause.
        var windows = Enumerable.Range(0, 98).Select(i => (Start: i * 100L, End: i * 100L + 2)).ToList();
        windows.Add((20_010, 20_060));
        windows.Add((20_020, 20_080));
        var pause = new LatencyExplanation.Cause("gc", "pause", [(20_000, 20_080)]);

        var (slow, threshold, rows) = LatencyExplanation.Explain(windows, [pause], 0.99, Frequency);

        Assert.Equal(2, slow);
        Assert.Equal(50, threshold);
        var row = Assert.Single(rows);
        Assert.Equal(2, row.Overlapping);
        Assert.Equal(2, row.SlowOverlapping);
        Assert.Equal(2, row.PercentileOthersMs);
        Assert.Equal(80, row.LongestMs);
    }

    [Fact]
    public void Explain_SpansAwayFromTheSlowAlerts_LeaveTheirPercentile()
    {
        var windows = Enumerable.Range(0, 98).Select(i => (Start: i * 100L, End: i * 100L + 2)).ToList();
        windows.Add((20_010, 20_060));
        windows.Add((20_020, 20_080));
        var commits = new LatencyExplanation.Cause("commit", "slow commit", [(0, 1), (500, 501)]);

        var (_, _, rows) = LatencyExplanation.Explain(windows, [commits], 0.99, Frequency);

        var row = Assert.Single(rows);
        Assert.Equal(2, row.Overlapping);
        Assert.Equal(0, row.SlowOverlapping);
        Assert.Equal(60, row.PercentileOthersMs);
    }

    [Fact]
    public void Explain_EveryAlertOverlapped_NoOthersPercentile()
    {
        var windows = new List<(long Start, long End)> { (0, 10), (5, 20) };
        var pool = new LatencyExplanation.Cause("pool", "backlog", [(0, 30)]);

        var (_, _, rows) = LatencyExplanation.Explain(windows, [pool], 0.99, Frequency);

        Assert.True(double.IsNaN(Assert.Single(rows).PercentileOthersMs));
    }

    [Theory]
    [InlineData(0, 10, true)]    // covers the long span's start
    [InlineData(35, 40, true)]   // inside the long span, after a short one ended
    [InlineData(60, 70, false)]  // after every span
    [InlineData(100, 101, true)] // touches the last span
    [InlineData(50, 55, false)]  // starts exactly where the long span ends
    public void Overlaps_LongSpanHiddenBehindShortOnes_IsFound(long start, long end, bool expected)
    {
        // Sorted by start; the first span outlasts the second, so a search on the last start alone would miss it.
        (long Start, long End)[] spans = [(5, 50), (10, 12), (100, 110)];

        Assert.Equal(expected, LatencyExplanation.Overlaps(spans, LatencyExplanation.MaxEnds(spans), start, end));
    }
}
