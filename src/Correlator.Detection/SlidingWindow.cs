namespace Correlator.Detection;

/// <summary>
/// The last N values in a ring, with their running sum and sum of squares (recomputed from the ring once per
/// window, so they do not drift as values leave): the mean and population variance of the window in O(1).
/// </summary>
internal sealed class SlidingWindow
{
    private readonly double[] _values;
    private int _count;
    private int _next;
    private int _sinceRecompute;
    private double _sum;
    private double _sumOfSquares;

    public SlidingWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        _values = new double[size];
    }

    public int Count => _count;

    /// <summary>True once the window holds its full number of values.</summary>
    public bool IsFull => _count == _values.Length;

    /// <summary>The values held, in ring order (not arrival order): for sums over the window.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, _count);

    /// <summary>The mean; NaN while empty.</summary>
    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>The population variance (never negative); NaN while empty.</summary>
    public double Variance
    {
        get
        {
            if (_count == 0)
            {
                return double.NaN;
            }

            var mean = _sum / _count;
            return Math.Max((_sumOfSquares / _count) - (mean * mean), 0.0);
        }
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
