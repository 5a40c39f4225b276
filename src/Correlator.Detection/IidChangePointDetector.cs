namespace Correlator.Detection;

/// <summary>
/// IID change-point detection: the kernel-density p-values of <see cref="IidSpikeDetector"/> bet
/// on by a power martingale (Vovk et al.'s exchangeability martingale, M = prod eps p^(eps-1))
/// over the last few p-values. Under exchangeable data M rarely exceeds 1/alpha; the score is a
/// logistic of log M - log(1/alpha), so it crosses 0.5 exactly where the martingale does.
/// </summary>
public sealed class IidChangePointDetector : IStreamingDetector
{
    public const int DefaultWindowSize = 100;

    /// <summary>How many recent bets the martingale multiplies (bounded state, forgets old changes).</summary>
    public const int DefaultMartingaleLength = 20;

    public const double DefaultEpsilon = 0.1;

    /// <summary>The martingale threshold is 1/alpha.</summary>
    public const double DefaultAlpha = 0.01;

    private readonly KernelDensityWindow _window;
    private readonly PowerMartingale _martingale;
    private readonly SpikeSide _side;

    public IidChangePointDetector(
        int windowSize = DefaultWindowSize,
        int martingaleLength = DefaultMartingaleLength,
        double epsilon = DefaultEpsilon,
        double alpha = DefaultAlpha,
        SpikeSide side = SpikeSide.Both)
    {
        _window = new KernelDensityWindow(windowSize);
        _martingale = new PowerMartingale(martingaleLength, epsilon, alpha);
        _side = side;
    }

    public string Name => "iidChangePoint";

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        if (_window.Count == 0)
        {
            _window.Add(value);
            return 0.0;
        }

        var p = _window.PValue(value, _side);
        _window.Add(value);
        return _martingale.Bet(p);
    }
}
