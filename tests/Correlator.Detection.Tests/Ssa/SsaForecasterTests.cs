using Correlator.Detection.Ssa;

namespace Correlator.Detection.Tests.Ssa;

public sealed class SsaForecasterTests
{
    [Fact]
    public void Forecast_SineWithLevel_FollowsTheSineAhead()
    {
        // 10 + 5 sin(2 pi t / 20) is a rank-3 series: the recurrent formula continues it exactly.
        static double Truth(int t) => 10.0 + (5.0 * Math.Sin(2.0 * Math.PI * t / 20.0));
        var forecaster = new SsaForecaster();
        for (var t = 0; t < 300; t++)
        {
            forecaster.Observe(Truth(t));
        }

        var forecast = forecaster.Forecast(40);

        for (var h = 0; h < 40; h++)
        {
            Assert.Equal(Truth(300 + h), forecast.Expected[h], 6);
            Assert.InRange(Truth(300 + h), forecast.Lower[h] - 1e-6, forecast.Upper[h] + 1e-6);
        }
    }

    [Fact]
    public void Forecast_ConstantSeries_IsTheConstantWithANarrowBand()
    {
        var forecaster = new SsaForecaster();
        for (var t = 0; t < 400; t++)
        {
            forecaster.Observe(3.3);
        }

        var forecast = forecaster.Forecast(5);

        Assert.All(forecast.Expected, v => Assert.Equal(3.3, v, 9));
        Assert.All(forecast.Upper.Zip(forecast.Lower), b => Assert.True(b.First - b.Second < 1e-6));
    }

    [Fact]
    public void Forecast_AllZeros_IsZeroNotNaN()
    {
        var forecaster = new SsaForecaster();
        for (var t = 0; t < 300; t++)
        {
            forecaster.Observe(0.0);
        }

        Assert.All(forecaster.Forecast(3).Expected, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Forecast_NoisyLinearTrend_ContinuesTheTrend()
    {
        var noise = SyntheticSeries.Noise(400, level: 0.0, amplitude: 0.1);
        var forecaster = new SsaForecaster();
        for (var t = 0; t < 400; t++)
        {
            forecaster.Observe((0.5 * t) + noise[t]);
        }

        var forecast = forecaster.Forecast(10);

        Assert.Equal(0.5 * 409, forecast.Expected[9], tolerance: 0.2);
    }

    [Fact]
    public void Forecast_BeforeTheTrainingWindowFills_ThrowsSayingHowManyValuesItHas()
    {
        var forecaster = new SsaForecaster();
        forecaster.Observe(1.0);
        Assert.False(forecaster.Observe(double.NaN));

        var error = Assert.Throws<InvalidOperationException>(() => forecaster.Forecast(1));

        Assert.Contains("seen 1 values", error.Message, StringComparison.Ordinal);
        Assert.False(forecaster.IsReady);
    }

    [Theory]
    [InlineData(1, 256, "SeasonalityWindowSize")]
    [InlineData(32, 40, "TrainingWindowSize")]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting(int seasonality, int training, string expected)
    {
        var options = new SsaOptions { SeasonalityWindowSize = seasonality, TrainingWindowSize = training, MaxRank = 1 };

        var error = Assert.Throws<ArgumentException>(() => new SsaForecaster(options));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
