using System.Text.RegularExpressions;
using Correlator.Service.Http;
using Correlator.Service.Web;

namespace Correlator.Service.Tests.Web;

/// <summary>The incident chart: a bar per signal for small incidents, one density band per signal name for storms.</summary>
public sealed partial class SignalChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_NoMoreSignalsThanRows_DrawsABarPerSignal()
    {
        var signals = Enumerable.Range(0, 5).Select(i => Signal("Disk", T0.AddMinutes(i), null)).ToList();

        var chart = SignalChart.Build(Incident(), signals, maxRows: 5);

        Assert.False(chart.Grouped);
        Assert.Equal(5, chart.Bars.Count);
        Assert.Equal(0, chart.Omitted);
        Assert.Equal(5, RectCount(chart.ToSvg()));
    }

    [Fact]
    public void Build_MoreSignalsThanRows_DrawsOneBandPerName_WithItsPeakFiringCount()
    {
        // 30 "Latency" signals all firing from T0 to the end; 12 "Errors" signals, one at a time: 4 minutes every 10.
        var signals = Enumerable.Range(0, 30).Select(_ => Signal("Latency", T0, null))
            .Concat(Enumerable.Range(0, 12).Select(i => Signal("Errors", T0.AddMinutes(10 * i), T0.AddMinutes((10 * i) + 4))))
            .ToList();

        var chart = SignalChart.Build(Incident(), signals, maxRows: 10, maxBuckets: 60);

        Assert.True(chart.Grouped);
        Assert.Empty(chart.Bars);
        Assert.Equal(["Latency", "Errors"], chart.Bands.Select(b => b.Name));
        Assert.Equal([30, 12], chart.Bands.Select(b => b.Signals));
        Assert.Equal(30, chart.Bands[0].Peak);
        Assert.Equal(1, chart.Bands[1].Peak);
        Assert.Equal(0, chart.Omitted);
    }

    [Fact]
    public void Build_MoreNamesThanRows_KeepsTheLargestGroups_AndCountsTheRestAsOmitted()
    {
        var signals = new List<SignalDto>();
        foreach (var (name, count) in new[] { ("A", 9), ("B", 7), ("C", 5), ("D", 2) })
        {
            signals.AddRange(Enumerable.Range(0, count).Select(i => Signal(name, T0.AddMinutes(i), T0.AddMinutes(i + 1))));
        }

        var chart = SignalChart.Build(Incident(), signals, maxRows: 3, maxBuckets: 20);

        Assert.Equal(["A", "B", "C"], chart.Bands.Select(b => b.Name));
        Assert.Equal(2, chart.Omitted);
    }

    [Fact]
    public void ToSvg_AThousandSignals_StaysBoundedByRowsAndBuckets()
    {
        var signals = Enumerable.Range(0, 1000)
            .Select(i => Signal("Alert" + (i % 8), T0.AddSeconds(7 * i), i % 3 == 0 ? null : T0.AddSeconds((7 * i) + 600)))
            .ToList();

        var svg = SignalChart.Build(Incident(), signals, maxRows: 60, maxBuckets: 120).ToSvg();

        Assert.Equal(8, Regex.Count(svg, "<path "));
        Assert.Equal(0, RectCount(svg));
        var points = PathPoint().Count(svg);
        Assert.True(points <= 8 * ((2 * 120) + 4), $"{points} path points for 8 bands of 120 buckets");
        Assert.True(svg.Length < 40_000, $"the chart is {svg.Length} characters");
    }

    private static int RectCount(string svg) => Regex.Count(svg, "<rect ");

    [GeneratedRegex("[ML]\\d")]
    private static partial Regex PathPoint();

    private static IncidentItemDto Incident() => new(
        1, "storm", "checkout", "service=checkout", "new", "P2", "high", "medium", "major",
        T0, T0.AddHours(2), null, null, null, 0, 0);

    private static SignalDto Signal(string name, DateTimeOffset starts, DateTimeOffset? ends) => new(
        "fp" + Guid.NewGuid().ToString("N"), name, "alertmanager", "alert", ends is null ? "firing" : "resolved", "major",
        "web-1", "checkout", null, starts, ends, starts, ends ?? starts, 1,
        new Dictionary<string, string>(), new Dictionary<string, string>());
}
