namespace Correlator.Detection.Bank;

/// <summary>
/// A compact streaming detector for the bank, where one instance per series must stay small: the
/// value's two-sided z-score against an exponentially weighted mean and variance (Roberts' EWMA
/// chart, with the variance weighted the same way), score = 1 - 2 Q(|z|). It keeps four numbers
/// (two more cache the band's deviate for the last threshold asked),
/// scores 0 until <see cref="WarmUp"/> values are learnt, and learns each value after scoring it.
/// The deviation is estimated from few values (the count while warming up, about (2 - alpha) / alpha
/// after), so |z| is read as a Student t with that many values less one degrees of freedom and
/// turned into the normal deviate of the same tail (Wallace's approximation): with 20 values a 3.3
/// sigma move scores like 2.9 sigma, so early wobbles of the estimate raise no alarm, while a far
/// outlier still scores near 1.
/// <para>
/// The score inverts in closed form, so the detector states its exact decision band (<see cref="NormalBand"/>):
/// score &gt;= threshold when the normal deviate z &gt;= z* = Q⁻¹((1 - threshold) / 2); Wallace's relation solved for t
/// gives t* = sqrt(nu (exp((z* / c)² / nu) - 1)) with c = (8 nu + 1) / (8 nu + 3); the band is mean ± t* × deviation.
/// </para>
/// </summary>
public sealed class EwmaDetector : IStreamingDetector, IBandedDetector
{
    /// <summary>The bank's name for it.</summary>
    public const string DetectorName = "ewma";

    private readonly double _alpha;
    private readonly int _warmUp;
    private double _mean;
    private double _variance;
    private int _count;
    private double _bandThreshold = double.NaN;
    private double _bandDeviate;

    /// <param name="alpha">Weight of the newest value (0.05: an effective memory of about 40 values).</param>
    /// <param name="warmUp">Values learnt before any score is given.</param>
    public EwmaDetector(double alpha = 0.05, int warmUp = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmUp, 1);
        _alpha = alpha;
        _warmUp = warmUp;
    }

    public string Name => DetectorName;

    public int WarmUp => _warmUp;

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        double score = 0.0;
        if (_count >= _warmUp)
        {
            var spread = Math.Sqrt(_variance);
            var deviation = Math.Abs(value - _mean);

            // A flat series has no spread: any change is as anomalous as it gets, no change is normal.
            score = spread > 1e-12 * Math.Max(1.0, Math.Abs(_mean))
                ? 1.0 - (2.0 * NormalDistribution.UpperTail(NormalEquivalent(deviation / spread)))
                : deviation > 1e-12 * Math.Max(1.0, Math.Abs(_mean)) ? 1.0 : 0.0;
        }

        Learn(value);
        return score;
    }

    public (double Lower, double Upper) NormalBand(double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        if (_count < _warmUp)
        {
            return (double.NegativeInfinity, double.PositiveInfinity);
        }

        var spread = Math.Sqrt(_variance);
        var flat = 1e-12 * Math.Max(1.0, Math.Abs(_mean));
        if (!(spread > flat))
        {
            // Mirrors Score: with no spread any change beyond the rounding allowance scores 1.
            return (_mean - flat, _mean + flat);
        }

        if (threshold != _bandThreshold)
        {
            // At a threshold of 1 the score reaches it once 1 - 2 Q(z) rounds to 1, that is Q(z) <= 2^-55.
            _bandDeviate = NormalDistribution.UpperTailInverse(Math.Max((1.0 - threshold) / 2.0, Math.ScaleB(1.0, -55)));
            _bandThreshold = threshold;
        }

        var nu = DegreesOfFreedom();
        var c = ((8.0 * nu) + 1.0) / ((8.0 * nu) + 3.0);
        var z = _bandDeviate / c;
        var t = Math.Sqrt(nu * double.ExpM1(z * z / nu));
        var half = t * spread;
        return (_mean - half, _mean + half);
    }

    // Wallace (1959): a Student t with nu degrees of freedom has about the tail of the normal deviate
    // (8 nu + 1) / (8 nu + 3) sqrt(nu ln(1 + t^2 / nu)); nu is the values behind the estimate less one.
    private double NormalEquivalent(double t)
    {
        var nu = DegreesOfFreedom();
        return ((8.0 * nu) + 1.0) / ((8.0 * nu) + 3.0) * Math.Sqrt(nu * Math.Log(1.0 + (t * t / nu)));
    }

    private double DegreesOfFreedom() => Math.Max(1.0, Math.Min(_count, (2.0 - _alpha) / _alpha) - 1.0);

    private void Learn(double value)
    {
        if (_count == 0)
        {
            _mean = value;
            _count = 1;
            return;
        }

        // During warm-up the weight is 1/n (a plain mean), so the first values do not dominate.
        var weight = _count < _warmUp ? 1.0 / (_count + 1) : _alpha;
        var delta = value - _mean;
        _mean += weight * delta;
        _variance = (1.0 - weight) * (_variance + (weight * delta * delta));
        _count = Math.Min(_count + 1, int.MaxValue - 1);
    }
}
