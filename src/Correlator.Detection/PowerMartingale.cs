namespace Correlator.Detection;

/// <summary>
/// Vovk et al.'s power martingale over the last few p-values, M = prod eps p^(eps-1), kept as a
/// log over a bounded ring of bets. Under exchangeable data M rarely exceeds 1/alpha; the score is
/// a logistic of log M - log(1/alpha), so it crosses 0.5 exactly where the martingale does.
/// </summary>
internal sealed class PowerMartingale
{
    // A p-value of 0 would make a bet infinite; this caps one bet at about 10^7.
    private const double MinPValue = 1e-9;

    private readonly double[] _logBets;
    private readonly double _epsilon;
    private readonly double _logThreshold;
    private int _count;
    private int _next;
    private double _logMartingale;

    public PowerMartingale(int length, double epsilon, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (!(epsilon is > 0.0 and < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "between 0 and 1, exclusive");
        }

        if (!(alpha is > 0.0 and < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "between 0 and 1, exclusive");
        }

        _logBets = new double[length];
        _epsilon = epsilon;
        _logThreshold = -Math.Log(alpha);
    }

    /// <summary>The natural log of the martingale over the bets in the ring.</summary>
    public double LogValue => _logMartingale;

    /// <summary>Bets on <paramref name="pValue"/> and returns the score in (0, 1).</summary>
    public double Bet(double pValue)
    {
        var p = Math.Max(pValue, MinPValue);
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
