using Correlator.Service.Metrics;
using Correlator.Service.Web.Pages.Incidents;

namespace Correlator.Service.Tests.Metrics;

public sealed class MetricChartSvgTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static ChartPoint Normal(int minute, double value) => new(Start.AddMinutes(minute), value, 10, 8, 12, false);

    private static ChartPoint Anomaly(int minute, double value) => new(Start.AddMinutes(minute), value, 10, 8, 12, true);

    [Fact]
    public void Scale_HugeSpike_DoesNotSqueezeTheNormalRange()
    {
        var points = new[] { Normal(0, 9), Normal(1, 11), Anomaly(2, 10_000), Normal(3, 10) };

        var (min, max) = MetricChartSvg.Scale(points);

        Assert.Equal((8.0, 12.0), (min, max));
    }

    [Fact]
    public void Scale_AnomalyNearTheRange_IsIncluded()
    {
        var points = new[] { Normal(0, 9), Normal(1, 11), Anomaly(2, 15), Anomaly(3, 1) };

        var (min, max) = MetricChartSvg.Scale(points);

        Assert.Equal((1.0, 15.0), (min, max));
    }

    [Fact]
    public void Scale_FlatNormalRange_IncludesEveryValue()
    {
        var flat = new[]
        {
            new ChartPoint(Start, 0, 0, null, null, false),
            new ChartPoint(Start.AddMinutes(1), 0, 0, 0, 0, false),
            new ChartPoint(Start.AddMinutes(2), 5_000, 0, 0, 0, true),
        };

        var (min, max) = MetricChartSvg.Scale(flat);

        Assert.Equal((0.0, 5_000.0), (min, max));
    }

    [Fact]
    public void ToSvg_OffScalePoint_IsATriangleWithItsValue_AndBandRunsSkipPointsWithoutBand()
    {
        var points = new[]
        {
            new ChartPoint(Start, 10, 10, null, null, false),
            Normal(1, 9),
            Normal(2, 11),
            Anomaly(3, 10_000),
            new ChartPoint(Start.AddMinutes(4), 10, 10, null, null, false),
            Normal(5, 10),
        };

        var svg = MetricChartSvg.ToSvg(new SeriesChart("f", "cpu usage_user", points), 0);

        Assert.Contains("<polygon class=\"anomaly off-scale\"", svg, StringComparison.Ordinal);
        Assert.Contains(": 10000 (expected 10, normal 8 to 12), above the scale", svg, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(svg, "<polygon class=\"band\""));
        Assert.Contains("the detector's normal band", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSvg_TypicalBand_SaysItIsAnEstimate()
    {
        var svg = MetricChartSvg.ToSvg(new SeriesChart("f", "s", [Normal(0, 9), Normal(1, 11)], SeriesChart.TypicalBand), 1);

        Assert.Contains("the typical range (an estimate)", svg, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
