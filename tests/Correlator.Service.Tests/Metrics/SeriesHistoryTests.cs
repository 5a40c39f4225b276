using Correlator.Detection.Bank;
using Correlator.Domain;
using Correlator.Service.Metrics;

namespace Correlator.Service.Tests.Metrics;

public sealed class SeriesHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static readonly SeriesKey Key = new("cpu", LabelSet.Empty, "usage_user");

    private static SampleScore Score(int minute, double value, double expected, bool anomalous = false) =>
        new(Key, Start.AddMinutes(minute), value, anomalous ? 1 : 0, expected, anomalous);

    [Fact]
    public void Add_MoreThanTheCap_KeepsTheNewestPointsOldestFirst()
    {
        // Arrange
        var history = new SeriesHistory(new ChartOptions { ChartPoints = 5, ChartSeries = 10 });

        // Act
        for (int i = 0; i < 12; i++)
        {
            history.Add("a", "cpu", Score(i, i, i));
        }

        // Assert
        var chart = history.Get("a")!;
        Assert.Equal([7.0, 8, 9, 10, 11], chart.Points.Select(p => p.Value));
    }

    [Fact]
    public void Add_MoreSeriesThanTheCap_EvictsTheLeastRecentlyUpdated()
    {
        // Arrange
        var history = new SeriesHistory(new ChartOptions { ChartPoints = 4, ChartSeries = 2 });
        history.Add("a", "a", Score(0, 1, 1));
        history.Add("b", "b", Score(0, 1, 1));
        history.Add("a", "a", Score(1, 1, 1));

        // Act
        history.Add("c", "c", Score(0, 1, 1));

        // Assert
        Assert.Equal(2, history.SeriesCount);
        Assert.NotNull(history.Get("a"));
        Assert.Null(history.Get("b"));
        Assert.NotNull(history.Get("c"));
    }

    [Fact]
    public void Add_SeriesInTurnBeyondTheCap_EachNewSeriesStartsEmptyWithItsOwnNameAndBand()
    {
        // Arrange: three series in turn through room for two, so every new one takes the evicted one's ring.
        var history = new SeriesHistory(new ChartOptions { ChartPoints = 4, ChartSeries = 2 });
        history.Add("a", "series a", Score(0, 5, 1));
        history.Add("a", "series a", Score(1, 1, 1, anomalous: true));
        history.Add("b", "series b", Score(0, 2, 2));

        // Act
        history.Add("c", "series c", Score(7, 30, 30));
        history.Add("a", "series a", Score(8, 40, 40));

        // Assert: c has only its own point and name, a came back empty of its old points, b was evicted in turn.
        var c = history.Get("c")!;
        Assert.Equal("series c", c.Series);
        Assert.Equal([30.0], c.Points.Select(p => p.Value));
        Assert.Equal(30.0, c.Points[0].Lower);
        var a = history.Get("a")!;
        Assert.Equal("series a", a.Series);
        Assert.Equal([40.0], a.Points.Select(p => p.Value));
        Assert.Null(history.Get("b"));
        Assert.Equal(2, history.SeriesCount);
    }

    [Fact]
    public void Add_Band_FromNormalDeviationsOnly()
    {
        // Arrange: normal values 1 away from expected 10, then an anomaly 90 away.
        var history = new SeriesHistory(new ChartOptions { ChartPoints = 10, ChartSeries = 1 });
        history.Add("a", "a", Score(0, 11, 10));
        history.Add("a", "a", Score(1, 9, 10));
        history.Add("a", "a", Score(2, 100, 10, anomalous: true));

        // Act
        history.Add("a", "a", Score(3, 10, 10));

        // Assert: the band stays expected ± 3 × 1, and the chart says it is the estimate.
        var chart = history.Get("a")!;
        var last = chart.Points[^1];
        Assert.Equal(7, last.Lower!.Value, 9);
        Assert.Equal(13, last.Upper!.Value, 9);
        Assert.True(chart.Points[2].Anomalous);
        Assert.Equal(SeriesChart.TypicalBand, chart.Band);
    }

    [Fact]
    public void Add_DetectorBand_IsChartedAsItIsAndNoneWhileWarmingUp()
    {
        // Arrange
        var history = new SeriesHistory(new ChartOptions { ChartPoints = 10, ChartSeries = 1 });

        // Act: a warming-up point (unbounded band), then two with the detector's band.
        history.Add("a", "a", new SampleScore(Key, Start, 5, 0, 5, false, double.NegativeInfinity, double.PositiveInfinity));
        history.Add("a", "a", new SampleScore(Key, Start.AddMinutes(1), 6, 0.2, 5, false, 2.5, 7.25));
        history.Add("a", "a", new SampleScore(Key, Start.AddMinutes(2), 40, 1, 5, true, 2.75, 7.5));

        // Assert
        var chart = history.Get("a")!;
        Assert.Equal(SeriesChart.DetectorBand, chart.Band);
        Assert.Null(chart.Points[0].Lower);
        Assert.Null(chart.Points[0].Upper);
        Assert.Equal((2.5, 7.25), (chart.Points[1].Lower!.Value, chart.Points[1].Upper!.Value));
        Assert.Equal((2.75, 7.5), (chart.Points[2].Lower!.Value, chart.Points[2].Upper!.Value));
    }

    [Theory]
    [InlineData(1, 10, "ChartPoints")]
    [InlineData(10, 0, "ChartSeries")]
    public void Validate_BadCaps_NamesTheKey(int points, int series, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChartOptions { ChartPoints = points, ChartSeries = series }.Validate());
        Assert.Contains("Detection:" + key, error.Message, StringComparison.Ordinal);
    }
}
