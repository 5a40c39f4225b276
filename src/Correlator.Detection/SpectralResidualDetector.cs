namespace Correlator.Detection;

/// <summary>
/// The Spectral Residual detector of Ren et al. (KDD 2019, "Time-Series Anomaly Detection Service
/// at Microsoft"): over a sliding window extended by a few extrapolated points, the log amplitude
/// spectrum minus its local average (the spectral residual) is transformed back into a saliency
/// map; the newest value scores by how far its saliency stands above the average saliency of the
/// values before it, r = (S - avg) / avg, mapped monotonically to r / (r + tau) in [0, 1).
/// The window is centred on its mean and the extrapolation starts from the value before the
/// newest (as the authors' published implementation does), so a spike is not continued by it.
/// </summary>
public sealed class SpectralResidualDetector : IStreamingDetector
{
    /// <summary>Sliding window length (as ML.NET's SR-CNN default).</summary>
    public const int DefaultWindowSize = 64;

    /// <summary>The paper's q: the averaging filter over the log amplitude spectrum.</summary>
    public const int DefaultAverageFilterSize = 3;

    /// <summary>The paper's kappa: how many extrapolated points are appended after the newest value.</summary>
    public const int DefaultExtensionCount = 5;

    /// <summary>The paper's m: how many preceding points the extrapolation gradient is averaged over.</summary>
    public const int DefaultLookBack = 5;

    /// <summary>The paper's z: how many preceding saliency values make the local average.</summary>
    public const int DefaultSaliencyAverageSize = 21;

    /// <summary>The paper's tau: a ratio r at this value scores 0.5.</summary>
    public const double DefaultRatioAtHalf = 3.0;

    private const double Epsilon = 1e-8;

    private readonly double[] _ring;
    private readonly int _averageFilterSize;
    private readonly int _extensionCount;
    private readonly int _lookBack;
    private readonly int _saliencyAverageSize;
    private readonly double _ratioAtHalf;
    private readonly Fft _fft;
    private readonly double[] _re;
    private readonly double[] _im;
    private readonly double[] _logAmplitude;
    private int _count;
    private int _next;

    public SpectralResidualDetector(
        int windowSize = DefaultWindowSize,
        int averageFilterSize = DefaultAverageFilterSize,
        int extensionCount = DefaultExtensionCount,
        int lookBack = DefaultLookBack,
        int saliencyAverageSize = DefaultSaliencyAverageSize,
        double ratioAtHalf = DefaultRatioAtHalf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(averageFilterSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(extensionCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookBack, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(saliencyAverageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, Math.Max(lookBack + 2, saliencyAverageSize + 1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratioAtHalf);
        _ring = new double[windowSize];
        _averageFilterSize = averageFilterSize;
        _extensionCount = extensionCount;
        _lookBack = lookBack;
        _saliencyAverageSize = saliencyAverageSize;
        _ratioAtHalf = ratioAtHalf;
        var length = windowSize + extensionCount;
        _fft = new Fft(length);
        _re = new double[length];
        _im = new double[length];
        _logAmplitude = new double[length];
    }

    public string Name => "spectralResidual";

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        if (_count < _ring.Length)
        {
            _count++;
            if (_count < _ring.Length)
            {
                return 0.0;
            }
        }

        if (!FillExtendedWindow())
        {
            return 0.0;
        }

        Saliency();
        return Map(Ratio());
    }

    /// <summary>
    /// The window oldest first, then the extrapolated points (Eq. 6-7 of the paper); false when the
    /// window is flat, where the spectrum is rounding noise and the saliency ratio meaningless.
    /// </summary>
    private bool FillExtendedWindow()
    {
        var n = _ring.Length;
        for (var i = 0; i < n; i++)
        {
            _re[i] = _ring[(_next + i) % n];
        }

        // Centre on the window mean: the DC term then does not dwarf the rest of the spectrum,
        // and the saliency is unchanged by a level offset.
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += _re[i];
        }

        mean /= n;
        // The extrapolation starts from the value before the newest, so that a spike in the newest
        // value stands out against the extension rather than being continued by it.
        var last = n - 2;
        var gradient = 0.0;
        for (var i = 1; i <= _lookBack; i++)
        {
            gradient += (_re[last] - _re[last - i]) / i;
        }

        gradient /= _lookBack;
        var extrapolated = _re[last - _lookBack + 1] + (gradient * _lookBack) - mean;
        var spread = 0.0;
        for (var i = 0; i < n; i++)
        {
            _re[i] -= mean;
            spread = Math.Max(spread, Math.Abs(_re[i]));
        }

        if (spread <= 1e-9 * Math.Max(1.0, Math.Abs(mean)))
        {
            return false;
        }

        for (var i = n; i < _re.Length; i++)
        {
            _re[i] = extrapolated;
        }

        Array.Clear(_im);
        return true;
    }

    /// <summary>Leaves the saliency map S = |F^-1(exp(R + iP))| in <see cref="_re"/>.</summary>
    private void Saliency()
    {
        _fft.Forward(_re, _im);
        var length = _re.Length;
        for (var k = 0; k < length; k++)
        {
            var amplitude = Math.Sqrt((_re[k] * _re[k]) + (_im[k] * _im[k]));
            _logAmplitude[k] = Math.Log(Math.Max(amplitude, Epsilon));
        }

        // The spectrum is periodic, so the averaging filter wraps around its ends.
        var half = _averageFilterSize / 2;
        for (var k = 0; k < length; k++)
        {
            var sum = 0.0;
            for (var j = k - half; j < k - half + _averageFilterSize; j++)
            {
                sum += _logAmplitude[((j % length) + length) % length];
            }

            var residual = _logAmplitude[k] - (sum / _averageFilterSize);
            var amplitude = Math.Exp(_logAmplitude[k]);
            var scale = Math.Exp(residual) / amplitude;
            _re[k] *= scale;
            _im[k] *= scale;
        }

        _fft.Inverse(_re, _im);
        for (var t = 0; t < _ring.Length; t++)
        {
            _re[t] = Math.Sqrt((_re[t] * _re[t]) + (_im[t] * _im[t]));
        }
    }

    private double Ratio()
    {
        var newest = _ring.Length - 1;
        var sum = 0.0;
        for (var t = newest - _saliencyAverageSize; t < newest; t++)
        {
            sum += _re[t];
        }

        var average = sum / _saliencyAverageSize;
        return average > Epsilon ? (_re[newest] - average) / average : 0.0;
    }

    private double Map(double ratio) => ratio > 0.0 && double.IsFinite(ratio) ? ratio / (ratio + _ratioAtHalf) : 0.0;
}
