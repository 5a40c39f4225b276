namespace Correlator.Detection;

/// <summary>
/// The last N values with a Gaussian kernel density estimate over them: the p-value of a new
/// value is its tail probability under that estimate (Silverman's bandwidth), which is what the
/// IID detectors of ML.NET's TimeSeries describe scoring against.
/// </summary>
internal sealed class KernelDensityWindow
{
    // Q(40) is below the smallest double: beyond it a kernel adds nothing to the small tail.
    private const double MaxZ = 40.0;

    private readonly SlidingWindow _window;

    public KernelDensityWindow(int size) => _window = new SlidingWindow(size);

    public int Count => _window.Count;

    /// <summary>True once the window holds its full number of values.</summary>
    public bool IsFull => _window.IsFull;

    /// <summary>The p-value of <paramref name="value"/> on <paramref name="side"/>; 1 while the window is empty.</summary>
    public double PValue(double value, SpikeSide side)
    {
        var values = _window.Values;
        if (values.Length == 0)
        {
            return 1.0;
        }

        var bandwidth = Bandwidth();
        var upper = 0.0;
        var lower = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            // One tail function per kernel, always the small tail: a tiny p-value keeps its digits.
            var z = (value - values[i]) / bandwidth;
            if (z >= 0.0)
            {
                var tail = z < MaxZ ? NormalDistribution.UpperTail(z) : 0.0;
                upper += tail;
                lower += 1.0 - tail;
            }
            else
            {
                var tail = z > -MaxZ ? NormalDistribution.UpperTail(-z) : 0.0;
                lower += tail;
                upper += 1.0 - tail;
            }
        }

        upper /= values.Length;
        lower /= values.Length;
        return side switch
        {
            SpikeSide.Up => upper,
            SpikeSide.Down => lower,
            _ => Math.Min(1.0, 2.0 * Math.Min(upper, lower)),
        };
    }

    /// <summary>
    /// The surprise -ln p of <paramref name="value"/> (two-sided p), which keeps ranking values after
    /// p itself has rounded to 0: when the linear sum underflows it is redone in log space.
    /// </summary>
    public double Surprise(double value)
    {
        var values = _window.Values;
        if (values.Length == 0)
        {
            return 0.0;
        }

        var p = PValue(value, SpikeSide.Both);
        if (p > 1e-280)
        {
            return Math.Max(0.0, -Math.Log(p));
        }

        var bandwidth = Bandwidth();
        double upper = double.NegativeInfinity, lower = double.NegativeInfinity;
        for (var i = 0; i < values.Length; i++)
        {
            var z = (value - values[i]) / bandwidth;
            upper = LogAdd(upper, NormalDistribution.LogUpperTail(z));
            lower = LogAdd(lower, NormalDistribution.LogUpperTail(-z));
        }

        return Math.Max(0.0, -(Math.Log(2.0) + Math.Min(upper, lower) - Math.Log(values.Length)));
    }

    public void Add(double value) => _window.Add(value);

    private static double LogAdd(double a, double b)
    {
        var max = Math.Max(a, b);
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    // Silverman: 1.06 sigma n^(-1/5), floored so that a flat window still has a (very narrow) kernel.
    private double Bandwidth()
    {
        var sigma = Math.Sqrt(_window.Variance);
        var floor = 1e-9 * Math.Max(1.0, Math.Abs(_window.Mean));
        return Math.Max(1.06 * sigma * Math.Pow(_window.Count, -0.2), floor);
    }
}
