namespace Correlator.Detection;

/// <summary>
/// The standard normal tail, accurate to ~1e-16 relative far into the tail: detectors report
/// 1 - Q(z), and scores a hair below 1 decide NAB's threshold.
/// </summary>
internal static class NormalDistribution
{
    private static readonly double Sqrt2 = Math.Sqrt(2.0);

    /// <summary>Q(z) = P(Z &gt; z) for a standard normal Z.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Sqrt2);

    /// <summary>
    /// The z with Q(z) = <paramref name="p"/> for p in (0, 1), by bisection on <see cref="UpperTail"/> (monotone), to
    /// within a few ulps: for callers that invert a score once per threshold and keep the result.
    /// </summary>
    public static double UpperTailInverse(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        double low = -40.0, high = 40.0;
        for (int i = 0; i < 200 && high - low > 1e-15 * Math.Max(1.0, Math.Abs(low)); i++)
        {
            double mid = 0.5 * (low + high);
            if (UpperTail(mid) > p)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>
    /// ln Q(z), finite however far into the tail: Q itself below z = 5, beyond it the asymptotic
    /// series ln Q(z) = -z^2/2 - ln(z sqrt(2 pi)) + ln(1 - 1/z^2 + 3/z^4) (relative error under 1e-4 at 5).
    /// </summary>
    public static double LogUpperTail(double z)
    {
        if (z < 5.0)
        {
            return Math.Log(UpperTail(z));
        }

        var z2 = z * z;
        return (-0.5 * z2) - Math.Log(z * Math.Sqrt(2.0 * Math.PI)) + Math.Log(1.0 - (1.0 / z2) + (3.0 / (z2 * z2)));
    }

    /// <summary>
    /// The complementary error function by W. J. Cody's rational Chebyshev approximations
    /// (Math. Comp. 1969; SPECFUN CALERF): three intervals, with exp(-x^2) split so that the
    /// rounding of x^2 does not cost relative accuracy in the tail.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var y = Math.Abs(x);
        if (double.IsPositiveInfinity(y))
        {
            return x < 0 ? 2.0 : 0.0;
        }

        if (y <= 0.46875)
        {
            return 1.0 - ErfSmall(x);
        }

        var tail = y <= 4.0 ? ScaledErfcMiddle(y) : ScaledErfcLarge(y);
        var result = ExpMinusSquare(y) * tail;
        return x < 0 ? 2.0 - result : result;
    }

    private static double ErfSmall(double x)
    {
        var z = x * x;
        var num = 1.85777706184603153e-1 * z;
        var den = z;
        num = (num + 3.16112374387056560e0) * z;
        den = (den + 2.36012909523441209e1) * z;
        num = (num + 1.13864154151050156e2) * z;
        den = (den + 2.44024637934444173e2) * z;
        num = (num + 3.77485237685302021e2) * z;
        den = (den + 1.28261652607737228e3) * z;
        return x * (num + 3.20937758913846947e3) / (den + 2.84423683343917062e3);
    }

    private static readonly double[] MiddleNum =
    [
        5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2,
        8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3,
    ];

    private static readonly double[] MiddleDen =
    [
        1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
        3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3,
    ];

    // erfc(y) * exp(y^2) for 0.46875 < y <= 4.
    private static double ScaledErfcMiddle(double y)
    {
        var num = 2.15311535474403846e-8 * y;
        var den = y;
        for (var i = 0; i < MiddleNum.Length; i++)
        {
            num = (num + MiddleNum[i]) * y;
            den = (den + MiddleDen[i]) * y;
        }

        return (num + 1.23033935479799725e3) / (den + 1.23033935480374942e3);
    }

    private static readonly double[] LargeNum =
        [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2];

    private static readonly double[] LargeDen =
        [2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2];

    // erfc(y) * exp(y^2) for y > 4, an asymptotic series in 1/y^2.
    private static double ScaledErfcLarge(double y)
    {
        const double OneOverSqrtPi = 5.6418958354775628695e-1;
        var w = 1.0 / (y * y);
        var num = 1.63153871373020978e-2 * w;
        var den = w;
        for (var i = 0; i < LargeNum.Length; i++)
        {
            num = (num + LargeNum[i]) * w;
            den = (den + LargeDen[i]) * w;
        }

        var r = w * (num + 6.58749161529837803e-4) / (den + 2.33520497626869185e-3);
        return (OneOverSqrtPi - r) / y;
    }

    // exp(-y^2) with y^2 split into a part exact in binary and a small remainder.
    private static double ExpMinusSquare(double y)
    {
        var head = Math.Truncate(y * 16.0) / 16.0;
        var rest = (y - head) * (y + head);
        return Math.Exp(-head * head) * Math.Exp(-rest);
    }
}
