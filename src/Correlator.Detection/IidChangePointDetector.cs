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

    // A p-value of 0 would make a bet infinite; this caps one bet at about 10^7.
    private const double MinPValue = 1e-9;

    private readonly KernelDensityWindow _window;
    private readonly double[] _logBets;
    private readonly double _epsilon;
    private readonly double _logThreshold;
    private readonly SpikeSide _side;
    private int _count;
    private int _next;
    private double _logMartingale;

    public IidChangePointDetector(
        int windowSize = DefaultWindowSize,
        int martingaleLength = DefaultMartingaleLength,
        double epsilon = DefaultEpsilon,
        double alpha = DefaultAlpha,
        SpikeSide side = SpikeSide.Both)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(martingaleLength, 1);
        if (!(epsilon is > 0.0 and < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "between 0 and 1, exclusive");
        }

        if (!(alpha is > 0.0 and < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "between 0 and 1, exclusive");
        }

        _window = new KernelDensityWindow(windowSize);
        _logBets = new double[martingaleLength];
        _epsilon = epsilon;
        _logThreshold = -Math.Log(alpha);
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

        var p = Math.Max(_window.PValue(value, _side), MinPValue);
        _window.Add(value);
        var bet = Math.Log(_epsilon) + ((_epsilon - 1.0) * Math.Log(p));
        _logMartingale += bet - (_count == _logBets.Length ? _logBets[_next] : 0.0);
        _logBets[_next] = bet;
        _next = (_next + 1) % _logBets.Length;
        _count = Math.Min(_count + 1, _logBets.Length);
        if (_next == 0)
        {
            // Re-add the bets once per lap so the running sum does not drift.
            _logMartingale = 0.0;
            foreach (var b in _logBets)
            {
                _logMartingale += b;
            }
        }

        return 1.0 / (1.0 + Math.Exp(_logThreshold - _logMartingale));
    }
}
