using Correlator.Detection.Bank;

namespace Correlator.Detection.Tests.Bank;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "cpu", true)]
    [InlineData("cpu", "cpu", true)]
    [InlineData("cpu", "cpu2", false)]
    [InlineData("cpu*", "cpu_total", true)]
    [InlineData("*_idle", "usage_idle", true)]
    [InlineData("*_idle", "usage_idle2", false)]
    [InlineData("u?age*", "usage_user", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("?", "", false)]
    public void IsMatch_Patterns(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, text));
    }
}

public sealed class EwmaDetectorTests
{
    [Fact]
    public void Score_WarmUpThenOutlier_ZeroThenHigh()
    {
        // Arrange
        var detector = new EwmaDetector(alpha: 0.1, warmUp: 5);
        var time = DateTimeOffset.UnixEpoch;

        // Act
        var warm = Enumerable.Range(0, 5).Select(i => detector.Score(time, 10.0 + (i % 2))).ToList();
        var normal = detector.Score(time, 10.5);
        var outlier = detector.Score(time, 30.0);

        // Assert
        Assert.All(warm, s => Assert.Equal(0.0, s));
        Assert.InRange(normal, 0.0, 0.9);
        Assert.True(outlier > 0.999);
    }

    [Fact]
    public void Score_UniformNoiseOnManySeries_NoAlarmAtTheBankThreshold()
    {
        // The bank's bench feeds 30 uniform values to each series: with a 10-value warm-up and the
        // plain z-score, thousands of them crossed 0.999 on a fresh estimate of the deviation.
        var random = new Random(11);
        var time = DateTimeOffset.UnixEpoch;
        var alarms = 0;
        for (var series = 0; series < 5000; series++)
        {
            var detector = new EwmaDetector();
            for (var i = 0; i < 60; i++)
            {
                alarms += detector.Score(time, 50.0 + (10.0 * random.NextDouble())) >= 0.999 ? 1 : 0;
            }
        }

        // 240,000 scored values: a 0.999 threshold on true Gaussian z-scores would flag about 240.
        Assert.InRange(alarms, 0, 5);
    }

    [Fact]
    public void Score_OutlierAfterDefaultWarmUp_ScoresNearOne()
    {
        var random = new Random(5);
        var detector = new EwmaDetector();
        var time = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < detector.WarmUp; i++)
        {
            Assert.Equal(0.0, detector.Score(time, 50.0 + (10.0 * random.NextDouble())));
        }

        Assert.True(detector.Score(time, 120.0) > 0.9999);
    }

    [Fact]
    public void Score_FlatSeries_ChangeScoresOne()
    {
        var detector = new EwmaDetector(warmUp: 3);
        var time = DateTimeOffset.UnixEpoch;
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0.0, detector.Score(time, 7.0));
        }

        Assert.Equal(1.0, detector.Score(time, 8.0));
    }

    [Fact]
    public void Score_NaN_ZeroAndNotLearnt()
    {
        var detector = new EwmaDetector(warmUp: 1);
        var time = DateTimeOffset.UnixEpoch;
        detector.Score(time, 1.0);

        Assert.Equal(0.0, detector.Score(time, double.NaN));
        Assert.Equal(0.0, detector.Score(time, 1.0));
    }
}
