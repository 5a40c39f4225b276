namespace Correlator.Detection.Ssa;

/// <summary>
/// SSA spike detection as ML.NET's SsaSpikeDetector describes it: each value is compared with
/// the SSA one-step forecast, and the residual's p-value under a kernel density of the recent
/// residuals gives the score 1 - p. Scores 0 until the training window and then the residual
/// history have filled (a p-value against a handful of residuals would be noise).
/// </summary>
public sealed class SsaSpikeDetector : IStreamingDetector
{
    private readonly SsaModel _model;
    private readonly KernelDensityWindow _residuals;
    private readonly SpikeSide _side;

    public SsaSpikeDetector(SsaOptions? options = null, SpikeSide side = SpikeSide.Both)
    {
        options ??= new SsaOptions();
        _model = new SsaModel(options);
        _residuals = new KernelDensityWindow(options.PValueHistoryLength);
        _side = side;
    }

    public string Name => "ssaSpike";

    /// <summary>The forecast the last scored value was compared with (NaN before the model is fitted).</summary>
    public double LastExpected { get; private set; } = double.NaN;

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        var score = 0.0;
        if (_model.IsFitted)
        {
            LastExpected = _model.PredictNext();
            var residual = value - LastExpected;
            score = _residuals.IsFull ? 1.0 - _residuals.PValue(residual, _side) : 0.0;
            _residuals.Add(residual);
        }

        _model.Add(value);
        return score;
    }
}
