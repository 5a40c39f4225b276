namespace Correlator.Detection.Ensemble;

/// <summary>
/// The mean and population standard deviation of the last N values, slid one value at a time
/// (a <see cref="SlidingWindow"/>), and a value's surprise
/// -ln Q(|z|) against them, finite however far out the value is.
/// </summary>
internal sealed class GaussianWindow
{
    private const double ZeroStdReplacement = 0.000001;

    private readonly SlidingWindow _window;

    public GaussianWindow(int size) => _window = new SlidingWindow(size);

    public double Surprise(double value)
    {
        if (_window.Count < 2)
        {
            return 0.0;
        }

        var std = Math.Sqrt(_window.Variance);
        if (std == 0.0)
        {
            std = ZeroStdReplacement;
        }

        return -NormalDistribution.LogUpperTail(Math.Abs(value - _window.Mean) / std);
    }

    public void Add(double value) => _window.Add(value);
}
