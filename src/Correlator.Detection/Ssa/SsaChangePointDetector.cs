namespace Correlator.Detection.Ssa;

/// <summary>
/// SSA change-point detection as ML.NET's SsaChangePointDetector describes it: the p-values of
/// the SSA forecast residuals (see <see cref="SsaSpikeDetector"/>) are bet on by a power
/// martingale; a lasting change makes every p-value small and the martingale grow past 1/alpha.
/// </summary>
public sealed class SsaChangePointDetector : IStreamingDetector
{
    private readonly SsaModel _model;
    private readonly KernelDensityWindow _residuals;
    private readonly PowerMartingale _martingale;
    private readonly SpikeSide _side;

    public SsaChangePointDetector(
        SsaOptions? options = null,
        int martingaleLength = IidChangePointDetector.DefaultMartingaleLength,
        double epsilon = IidChangePointDetector.DefaultEpsilon,
        double alpha = IidChangePointDetector.DefaultAlpha,
        SpikeSide side = SpikeSide.Both)
    {
        options ??= new SsaOptions();
        _model = new SsaModel(options);
        _residuals = new KernelDensityWindow(options.PValueHistoryLength);
        _martingale = new PowerMartingale(martingaleLength, epsilon, alpha);
        _side = side;
    }

    public string Name => "ssaChangePoint";

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        var score = 0.0;
        if (_model.IsFitted)
        {
            var residual = value - _model.PredictNext();
            if (_residuals.IsFull)
            {
                score = _martingale.Bet(_residuals.PValue(residual, _side));
            }

            _residuals.Add(residual);
        }

        _model.Add(value);
        return score;
    }
}
