namespace Correlator.Detection.Ssa;

/// <summary>
/// SSA forecasting as ML.NET's SsaForecastingEstimator describes it: the model follows the series
/// one value at a time and forecasts any horizon by the recurrent formula; the confidence band
/// widens with the horizon as sqrt(h) times the standard deviation of the recent one-step errors.
/// </summary>
public sealed class SsaForecaster
{
    private readonly SsaModel _model;
    private readonly double[] _errors;
    private int _errorCount;
    private int _nextError;

    public SsaForecaster(SsaOptions? options = null)
    {
        options ??= new SsaOptions();
        _model = new SsaModel(options);
        _errors = new double[options.PValueHistoryLength];
    }

    /// <summary>True once a full training window has been seen and a forecast can be made.</summary>
    public bool IsReady => _model.IsFitted;

    /// <summary>Learns one value; a non-finite value is skipped and returns false.</summary>
    public bool Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        if (_model.IsFitted)
        {
            _errors[_nextError] = value - _model.PredictNext();
            _nextError = (_nextError + 1) % _errors.Length;
            _errorCount = Math.Min(_errorCount + 1, _errors.Length);
        }

        _model.Add(value);
        return true;
    }

    /// <summary>Forecasts the next <paramref name="horizon"/> values with a band of +- <paramref name="z"/> standard deviations.</summary>
    public SsaForecast Forecast(int horizon, double z = 1.96)
    {
        if (!_model.IsFitted)
        {
            throw new InvalidOperationException($"The forecaster has seen {_model.Count} values; it needs a full training window first.");
        }

        var expected = _model.Forecast(horizon);
        var sigma = ErrorStandardDeviation();
        var lower = new double[horizon];
        var upper = new double[horizon];
        for (var h = 0; h < horizon; h++)
        {
            var half = z * sigma * Math.Sqrt(h + 1);
            lower[h] = expected[h] - half;
            upper[h] = expected[h] + half;
        }

        return new SsaForecast(expected, lower, upper);
    }

    private double ErrorStandardDeviation()
    {
        if (_errorCount < 2)
        {
            return 0.0;
        }

        var mean = 0.0;
        for (var i = 0; i < _errorCount; i++)
        {
            mean += _errors[i];
        }

        mean /= _errorCount;
        var squares = 0.0;
        for (var i = 0; i < _errorCount; i++)
        {
            squares += (_errors[i] - mean) * (_errors[i] - mean);
        }

        return Math.Sqrt(squares / (_errorCount - 1));
    }
}
