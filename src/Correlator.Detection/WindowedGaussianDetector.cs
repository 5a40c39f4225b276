namespace Correlator.Detection;

/// <summary>
/// NAB's "windowed Gaussian" baseline: a value's score is 1 - Q(|z|) against the mean and
/// population standard deviation of up to 6,400 past values. While the window fills, the
/// statistics follow every value; once full, the window slides in steps of 100 values.
/// The score is taken before the value joins the window; the first value scores 0.
/// </summary>
public sealed class WindowedGaussianDetector : IStreamingDetector
{
    /// <summary>NAB's window length.</summary>
    public const int DefaultWindowSize = 6400;

    /// <summary>NAB's slide step once the window is full.</summary>
    public const int DefaultStepSize = 100;

    private const double ZeroStdReplacement = 0.000001;

    private readonly double[] _window;
    private readonly double[] _step;
    private int _count;
    private int _start;
    private int _stepCount;
    private double _mean;
    private double _m2;
    private double _std = 1.0;

    public WindowedGaussianDetector(int windowSize = DefaultWindowSize, int stepSize = DefaultStepSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepSize, windowSize);
        _window = new double[windowSize];
        _step = new double[stepSize];
    }

    public string Name => "windowedGaussian";

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        var score = _count > 0 ? 1.0 - NormalProbability(value) : 0.0;
        if (_count < _window.Length)
        {
            Grow(value);
        }
        else
        {
            _step[_stepCount++] = value;
            if (_stepCount == _step.Length)
            {
                Slide();
            }
        }

        return score;
    }

    // Mirrors NAB: a value below the mean is reflected above it before z is taken.
    private double NormalProbability(double value)
    {
        var x = value < _mean ? (2.0 * _mean) - value : value;
        var z = (x - _mean) / _std;
        return NormalDistribution.UpperTail(z);
    }

    // Welford's update keeps the fill phase O(1) per value while matching a full recomputation.
    private void Grow(double value)
    {
        _window[_count++] = value;
        var delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
        SetStd(Math.Sqrt(Math.Max(_m2, 0.0) / _count));
    }

    // The window is a ring: the oldest stepSize values are overwritten by the buffered ones,
    // then mean and std are recomputed in two passes (O(window / step) amortised per value).
    private void Slide()
    {
        for (var i = 0; i < _step.Length; i++)
        {
            _window[(_start + i) % _window.Length] = _step[i];
        }

        _start = (_start + _step.Length) % _window.Length;
        _stepCount = 0;

        // Summing offsets from one member keeps a constant window's mean exact (std 0, not noise).
        var shift = _window[0];
        var sum = 0.0;
        foreach (var v in _window)
        {
            sum += v - shift;
        }

        _mean = shift + (sum / _window.Length);
        var squares = 0.0;
        foreach (var v in _window)
        {
            var d = v - _mean;
            squares += d * d;
        }

        _m2 = squares;
        SetStd(Math.Sqrt(squares / _window.Length));
    }

    private void SetStd(double std) => _std = std == 0.0 ? ZeroStdReplacement : std;
}
