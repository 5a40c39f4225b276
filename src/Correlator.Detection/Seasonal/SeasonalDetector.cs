using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Seasonal;

/// <summary>
/// A member that watches a periodic pattern break: the period is the lag of the highest autocorrelation of the last
/// values (searched again every few hundred values); each value is compared with the same phase of the previous
/// period(s), the last residuals are averaged (a broken pattern lasts), and the member's surprise is -ln p of that
/// average under a Gaussian of its recent past. Silent while no lag correlates well enough. Bounded state.
/// </summary>
public sealed class SeasonalDetector
{
    private readonly SeasonalDetectorOptions _options;
    private readonly double[] _history;
    private readonly double[] _residuals;
    private readonly double[] _correlations;
    private GaussianWindow _scale;
    private long _seen;
    private int _residualCount;
    private int _residualNext;
    private double _residualSum;
    private int _scaled;

    public SeasonalDetector(SeasonalDetectorOptions? options = null)
    {
        _options = options ?? new SeasonalDetectorOptions();
        _options.Validate();
        _history = new double[_options.HistoryLength];
        _residuals = new double[_options.ResidualLength];
        _correlations = new double[_options.MaxPeriod + 2];
        _scale = new GaussianWindow(_options.ScaleWindow);
    }

    /// <summary>The period in use (values), 0 while none is found.</summary>
    public int Period { get; private set; }

    /// <summary>The surprise -ln p of the last value's averaged residual; 0 while there is no period or during warm-up.</summary>
    public double LastSurprise { get; private set; }

    /// <summary>Takes one value (finite values only; others are ignored) and returns its surprise.</summary>
    public double Add(double value)
    {
        LastSurprise = 0.0;
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        if (Period > 0)
        {
            var residual = value - SamePhase();
            var average = Average(residual);
            if (_residualCount == _residuals.Length)
            {
                if (_scaled >= _options.WarmUp)
                {
                    LastSurprise = _scale.Surprise(average);
                }

                _scale.Add(average);
                _scaled++;
            }
        }

        _history[_seen % _history.Length] = value;
        _seen++;
        if (_seen >= _history.Length && (_seen - _history.Length) % _options.RefreshEvery == 0)
        {
            var period = FindPeriod();
            if (period != Period)
            {
                Period = period;
                Reset();
            }
        }

        return LastSurprise;
    }

    // The mean of the values one to PeriodsCompared periods back at the same phase.
    private double SamePhase()
    {
        var sum = 0.0;
        for (var k = 1; k <= _options.PeriodsCompared; k++)
        {
            sum += _history[(_seen - (k * Period)) % _history.Length];
        }

        return sum / _options.PeriodsCompared;
    }

    private double Average(double residual)
    {
        if (_residualCount == _residuals.Length)
        {
            _residualSum -= _residuals[_residualNext];
        }
        else
        {
            _residualCount++;
        }

        _residuals[_residualNext] = residual;
        _residualNext = (_residualNext + 1) % _residuals.Length;
        _residualSum += residual;
        return _residualSum / _residualCount;
    }

    private void Reset()
    {
        _residualCount = 0;
        _residualNext = 0;
        _residualSum = 0.0;
        _scaled = 0;
        _scale = new GaussianWindow(_options.ScaleWindow);
    }

    // The lag (a local maximum of the autocorrelation) correlating best, or 0 if none reaches MinCorrelation.
    private int FindPeriod()
    {
        var n = _history.Length;
        var start = _seen % n; // the oldest value
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += _history[i];
        }

        mean /= n;
        var variance = 0.0;
        for (var i = 0; i < n; i++)
        {
            variance += (_history[i] - mean) * (_history[i] - mean);
        }

        if (variance <= 0.0)
        {
            return 0;
        }

        var lo = Math.Max(1, _options.MinPeriod - 1);
        var hi = _options.MaxPeriod + 1;
        for (var lag = lo; lag <= hi; lag++)
        {
            var sum = 0.0;
            for (var i = lag; i < n; i++)
            {
                sum += (_history[(start + i) % n] - mean) * (_history[(start + i - lag) % n] - mean);
            }

            _correlations[lag] = sum / (n - lag) / (variance / n);
        }

        // Candidates: local maxima reaching MinCorrelation and standing MinProminence above the lowest correlation at a
        // shorter lag (a smooth, slowly decaying autocorrelation has bumps, not periods). Of those, the shortest within
        // 0.05 of the best (a multiple of the period correlates about as well).
        var best = 0.0;
        var lowest = double.PositiveInfinity;
        for (var lag = lo; lag <= _options.MaxPeriod; lag++)
        {
            lowest = Math.Min(lowest, _correlations[lag]);
            if (IsCandidate(lag, lowest))
            {
                best = Math.Max(best, _correlations[lag]);
            }
        }

        lowest = double.PositiveInfinity;
        for (var lag = lo; lag <= _options.MaxPeriod; lag++)
        {
            lowest = Math.Min(lowest, _correlations[lag]);
            if (IsCandidate(lag, lowest) && _correlations[lag] >= best - 0.05)
            {
                return lag;
            }
        }

        return 0;
    }

    private bool IsCandidate(int lag, double lowest)
    {
        var c = _correlations[lag];
        return lag >= _options.MinPeriod && c >= _options.MinCorrelation && c - lowest >= _options.MinProminence
            && c >= _correlations[lag - 1] && c >= _correlations[lag + 1];
    }
}
