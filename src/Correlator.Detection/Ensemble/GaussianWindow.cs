namespace Correlator.Detection.Ensemble;

/// <summary>
/// The mean and population standard deviation of the last N values, slid one value at a time
/// (running sums, recomputed once per window so they do not drift), and a value's surprise
/// -ln Q(|z|) against them, finite however far out the value is.
/// </summary>
internal sealed class GaussianWindow
{
    private const double ZeroStdReplacement = 0.000001;

    private readonly double[] _values;
    private int _count;
    private int _next;
    private int _sinceRecompute;
    private double _sum;
    private double _sumOfSquares;

    public GaussianWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        _values = new double[size];
    }

    public double Surprise(double value)
    {
        if (_count < 2)
        {
            return 0.0;
        }

        var mean = _sum / _count;
        var std = Math.Sqrt(Math.Max((_sumOfSquares / _count) - (mean * mean), 0.0));
        if (std == 0.0)
        {
            std = ZeroStdReplacement;
        }

        return -NormalDistribution.LogUpperTail(Math.Abs(value - mean) / std);
    }

    public void Add(double value)
    {
        if (_count == _values.Length)
        {
            var old = _values[_next];
            _sum -= old;
            _sumOfSquares -= old * old;
        }
        else
        {
            _count++;
        }

        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        _sum += value;
        _sumOfSquares += value * value;
        if (++_sinceRecompute >= _values.Length)
        {
            _sinceRecompute = 0;
            _sum = 0.0;
            _sumOfSquares = 0.0;
            for (var i = 0; i < _count; i++)
            {
                _sum += _values[i];
                _sumOfSquares += _values[i] * _values[i];
            }
        }
    }
}
