namespace Correlator.Detection;

/// <summary>
/// IID spike detection as ML.NET's TimeSeries documents it: each value's p-value under a kernel
/// density estimate of the recent values (taken before the value joins them); score = 1 - p.
/// </summary>
public sealed class IidSpikeDetector : IStreamingDetector
{
    /// <summary>How many past values the density is estimated from.</summary>
    public const int DefaultWindowSize = 100;

    private readonly KernelDensityWindow _window;
    private readonly SpikeSide _side;

    public IidSpikeDetector(int windowSize = DefaultWindowSize, SpikeSide side = SpikeSide.Both)
    {
        _window = new KernelDensityWindow(windowSize);
        _side = side;
    }

    public string Name => "iidSpike";

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        var score = _window.Count > 0 ? 1.0 - _window.PValue(value, _side) : 0.0;
        _window.Add(value);
        return score;
    }
}
