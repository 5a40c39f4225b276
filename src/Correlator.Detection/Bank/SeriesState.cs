namespace Correlator.Detection.Bank;

/// <summary>What the bank keeps per series: its detector, its baseline (for the expected value) and its anomaly run.</summary>
internal sealed class SeriesState(IStreamingDetector? detector, double threshold)
{
    /// <summary>Weight of the newest value in the baseline the expected value comes from.</summary>
    private const double BaselineAlpha = 0.1;

    public IStreamingDetector? Detector { get; } = detector;

    public double Threshold { get; } = threshold;

    public long LastTicks { get; set; } = long.MinValue;

    public double Expected { get; private set; } = double.NaN;

    public bool Firing { get; set; }

    public int NormalRun { get; set; }

    /// <summary>Samples of the firing episode so far.</summary>
    public int EpisodeRun { get; set; }

    public double StartExpected { get; set; }

    public double StartDeviation { get; set; }

    /// <summary>True while every value of the episode stayed beyond half the first deviation.</summary>
    public bool Away { get; set; }

    /// <summary>True while every step of the episode went the same way as the anomaly.</summary>
    public bool Monotone { get; set; }

    public double LastValue { get; set; }

    public int Direction { get; set; }

    public AnomalyKind Kind { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public string? Fingerprint { get; set; }

    /// <summary>Moves the baseline towards a normal value; anomalous values do not teach it.</summary>
    public void Learn(double value) => Expected = double.IsNaN(Expected) ? value : Expected + (BaselineAlpha * (value - Expected));
}
