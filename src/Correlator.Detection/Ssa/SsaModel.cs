using MathNet.Numerics.LinearAlgebra;

namespace Correlator.Detection.Ssa;

/// <summary>
/// Basic SSA with a linear recurrent formula (Golyandina et al., "Analysis of Time Series
/// Structure: SSA and Related Techniques", ch. 2): the lag-covariance matrix S = sum X_j X_j^T of
/// the L-long lag vectors of the training window is eigen-decomposed, the leading r eigenvectors
/// U_i span the signal (rank: the singular values above Gavish and Donoho's optimal hard threshold
/// for unknown noise, "The Optimal Hard Threshold for Singular Values is 4/sqrt(3)", 2014), and with pi_i the last coordinate of U_i and
/// nu^2 = sum pi_i^2 the next value is x_t = sum_j R_j x_{t-L+j}, R = sum pi_i U_i^(first L-1) / (1 - nu^2).
/// Bounded: a ring of the last training-window values, an L x L matrix, L - 1 coefficients.
/// </summary>
internal sealed class SsaModel
{
    private readonly SsaOptions _options;
    private readonly double[] _ring;
    private readonly double[] _coefficients;
    private readonly double[] _ordered;
    private int _count;
    private int _next;
    private int _sinceFit;

    public SsaModel(SsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _ring = new double[options.TrainingWindowSize];
        _ordered = new double[options.TrainingWindowSize];
        _coefficients = new double[options.SeasonalityWindowSize - 1];
    }

    /// <summary>True once the model has been fitted on a full training window.</summary>
    public bool IsFitted { get; private set; }

    /// <summary>The number of components the last fit kept (0 for an all-zero window).</summary>
    public int Rank { get; private set; }

    /// <summary>The values seen so far, up to the training window.</summary>
    public int Count => _count;

    /// <summary>The one-step forecast of the next value from the last L - 1 values.</summary>
    public double PredictNext()
    {
        var lag = _coefficients.Length;
        var sum = 0.0;
        for (var j = 0; j < lag; j++)
        {
            sum += _coefficients[j] * Recent(lag - j);
        }

        return sum;
    }

    /// <summary>Forecasts <paramref name="horizon"/> values by applying the recurrent formula to its own output.</summary>
    public double[] Forecast(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var lag = _coefficients.Length;
        var tail = new double[lag + horizon];
        for (var j = 0; j < lag; j++)
        {
            tail[j] = Recent(lag - j);
        }

        for (var h = 0; h < horizon; h++)
        {
            var sum = 0.0;
            for (var j = 0; j < lag; j++)
            {
                sum += _coefficients[j] * tail[h + j];
            }

            tail[lag + h] = sum;
        }

        return tail[lag..];
    }

    /// <summary>Learns a value; refits when the training window is full and the retrain interval has passed.</summary>
    public void Add(double value)
    {
        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
        _sinceFit++;
        if (_count == _ring.Length && (!IsFitted || _sinceFit >= _options.RetrainInterval))
        {
            Fit();
        }
    }

    // The k-th most recent value (k = 1 is the last one added).
    private double Recent(int k) => k <= _count ? _ring[((_next - k) % _ring.Length + _ring.Length) % _ring.Length] : 0.0;

    private void Fit()
    {
        _sinceFit = 0;
        IsFitted = true;
        var n = _ring.Length;
        for (var i = 0; i < n; i++)
        {
            _ordered[i] = _ring[(_next + i) % n];
        }

        var l = _options.SeasonalityWindowSize;
        var s = Matrix<double>.Build.Dense(l, l);
        for (var start = 0; start + l <= n; start++)
        {
            for (var a = 0; a < l; a++)
            {
                var xa = _ordered[start + a];
                for (var b = a; b < l; b++)
                {
                    s[a, b] += xa * _ordered[start + b];
                }
            }
        }

        for (var a = 0; a < l; a++)
        {
            for (var b = 0; b < a; b++)
            {
                s[a, b] = s[b, a];
            }
        }

        SetCoefficients(s.Evd(Symmetricity.Symmetric));
    }

    private void SetCoefficients(MathNet.Numerics.LinearAlgebra.Factorization.Evd<double> evd)
    {
        var l = _options.SeasonalityWindowSize;
        Array.Clear(_coefficients);
        Rank = 0;

        // MathNet returns a symmetric matrix's eigenvalues in ascending order.
        var rank = SignalRank(evd.EigenValues, l);
        var nu2 = 0.0;
        for (var k = 0; k < rank; k++)
        {
            var column = l - 1 - k;
            var pi = evd.EigenVectors[l - 1, column];

            // A component whose vector ends vertically makes 1 - nu^2 vanish: the formula cannot use it.
            if (nu2 + (pi * pi) > 0.99)
            {
                break;
            }

            nu2 += pi * pi;
            for (var j = 0; j < l - 1; j++)
            {
                _coefficients[j] += pi * evd.EigenVectors[j, column];
            }

            Rank++;
        }

        for (var j = 0; j < l - 1; j++)
        {
            _coefficients[j] /= 1.0 - nu2;
        }
    }

    // Singular values of the trajectory matrix are the square roots of S's eigenvalues; those above
    // omega(beta) * median (beta = L / K) are signal, and tiny ones (below 1e-9 of the largest) never are.
    private int SignalRank(MathNet.Numerics.LinearAlgebra.Vector<System.Numerics.Complex> eigenvalues, int l)
    {
        var singular = new double[l];
        for (var i = 0; i < l; i++)
        {
            singular[i] = Math.Sqrt(Math.Max(eigenvalues[i].Real, 0.0));
        }

        Array.Sort(singular);
        var largest = singular[l - 1];
        if (largest <= 0.0)
        {
            return 0;
        }

        var median = (l % 2 == 1) ? singular[l / 2] : 0.5 * (singular[(l / 2) - 1] + singular[l / 2]);
        var beta = (double)l / (_ring.Length - l + 1);
        var omega = (0.56 * beta * beta * beta) - (0.95 * beta * beta) + (1.82 * beta) + 1.43;
        var threshold = Math.Max(omega * median, 1e-9 * largest);
        var rank = 0;
        for (var i = l - 1; i >= 0 && singular[i] > threshold; i--)
        {
            rank++;
        }

        return Math.Clamp(rank, 1, _options.MaxRank);
    }
}
