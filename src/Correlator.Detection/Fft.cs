namespace Correlator.Detection;

/// <summary>
/// A discrete Fourier transform of one fixed length: iterative radix-2 Cooley–Tukey when the
/// length is a power of two, otherwise Bluestein's chirp-z (a radix-2 convolution of at least
/// 2n - 1 points), so any window length costs O(n log n). The plan preallocates everything:
/// transforms allocate nothing, and an instance is not thread-safe.
/// </summary>
internal sealed class Fft
{
    private readonly int _length;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _bitReverse;

    // Bluestein only: the chirp w_k = exp(-i pi k^2 / n), the transformed conjugate chirp, and scratch.
    private readonly Fft? _inner;
    private readonly double[] _chirpRe = [];
    private readonly double[] _chirpIm = [];
    private readonly double[] _kernelRe = [];
    private readonly double[] _kernelIm = [];
    private readonly double[] _workRe = [];
    private readonly double[] _workIm = [];

    public Fft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _length = length;
        if (IsPowerOfTwo(length))
        {
            _cos = new double[length / 2];
            _sin = new double[length / 2];
            for (var k = 0; k < length / 2; k++)
            {
                var angle = -2.0 * Math.PI * k / length;
                _cos[k] = Math.Cos(angle);
                _sin[k] = Math.Sin(angle);
            }

            _bitReverse = BitReversal(length);
            return;
        }

        _cos = _sin = [];
        _bitReverse = [];
        var m = 1;
        while (m < (2 * length) - 1)
        {
            m <<= 1;
        }

        _inner = new Fft(m);
        _chirpRe = new double[length];
        _chirpIm = new double[length];
        _kernelRe = new double[m];
        _kernelIm = new double[m];
        _workRe = new double[m];
        _workIm = new double[m];
        for (var k = 0; k < length; k++)
        {
            // k^2 mod 2n keeps the angle small and exact for long transforms.
            var angle = Math.PI * ((long)k * k % (2L * length)) / length;
            _chirpRe[k] = Math.Cos(angle);
            _chirpIm[k] = -Math.Sin(angle);
            _kernelRe[k] = _chirpRe[k];
            _kernelIm[k] = -_chirpIm[k];
            if (k > 0)
            {
                _kernelRe[m - k] = _chirpRe[k];
                _kernelIm[m - k] = -_chirpIm[k];
            }
        }

        _inner.Forward(_kernelRe, _kernelIm);
    }

    public int Length => _length;

    /// <summary>X_k = sum_t x_t exp(-2 pi i k t / n), in place.</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        if (re.Length != _length || im.Length != _length)
        {
            throw new ArgumentException($"expected {_length} points");
        }

        if (_inner is null)
        {
            Radix2(re, im);
        }
        else
        {
            Bluestein(re, im);
        }
    }

    /// <summary>x_t = (1/n) sum_k X_k exp(2 pi i k t / n), in place.</summary>
    public void Inverse(Span<double> re, Span<double> im)
    {
        // The inverse is the conjugate of the forward transform of the conjugate.
        for (var i = 0; i < im.Length; i++)
        {
            im[i] = -im[i];
        }

        Forward(re, im);
        var scale = 1.0 / _length;
        for (var i = 0; i < re.Length; i++)
        {
            re[i] *= scale;
            im[i] *= -scale;
        }
    }

    private void Radix2(Span<double> re, Span<double> im)
    {
        var n = _length;
        for (var i = 0; i < n; i++)
        {
            var j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var stride = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * stride];
                    var wi = _sin[k * stride];
                    var a = start + k;
                    var b = a + half;
                    var tr = (re[b] * wr) - (im[b] * wi);
                    var ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    // X_k = w_k * sum_t (x_t w_t) conj(w_{k-t}): a circular convolution done with the inner FFT.
    private void Bluestein(Span<double> re, Span<double> im)
    {
        var inner = _inner ?? throw new InvalidOperationException("not a Bluestein plan");
        Array.Clear(_workRe);
        Array.Clear(_workIm);
        for (var t = 0; t < _length; t++)
        {
            _workRe[t] = (re[t] * _chirpRe[t]) - (im[t] * _chirpIm[t]);
            _workIm[t] = (re[t] * _chirpIm[t]) + (im[t] * _chirpRe[t]);
        }

        inner.Forward(_workRe, _workIm);
        for (var k = 0; k < _workRe.Length; k++)
        {
            var r = (_workRe[k] * _kernelRe[k]) - (_workIm[k] * _kernelIm[k]);
            _workIm[k] = (_workRe[k] * _kernelIm[k]) + (_workIm[k] * _kernelRe[k]);
            _workRe[k] = r;
        }

        inner.Inverse(_workRe, _workIm);
        for (var k = 0; k < _length; k++)
        {
            re[k] = (_workRe[k] * _chirpRe[k]) - (_workIm[k] * _chirpIm[k]);
            im[k] = (_workRe[k] * _chirpIm[k]) + (_workIm[k] * _chirpRe[k]);
        }
    }

    private static bool IsPowerOfTwo(int n) => (n & (n - 1)) == 0;

    private static int[] BitReversal(int n)
    {
        var bits = 0;
        while ((1 << bits) < n)
        {
            bits++;
        }

        var table = new int[n];
        for (var i = 0; i < n; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            table[i] = r;
        }

        return table;
    }
}
