namespace Correlator.Detection;

/// <summary>
/// Puts a detector behind the checks a real metric stream needs: NaN/infinite values and samples
/// not later than the last accepted one are skipped (score 0, the detector never sees them), a
/// sample after more than <see cref="GapFactor"/> usual intervals is flagged as after a gap, and
/// every case is counted in <see cref="Report"/> and in <see cref="LastStatus"/>.
/// </summary>
public sealed class GuardedDetector : IStreamingDetector
{
    /// <summary>An interval this many times the usual one is a gap.</summary>
    public const double DefaultGapFactor = 3.0;

    // The usual interval follows the accepted intervals slowly, so one gap does not become the norm.
    private const double IntervalSmoothing = 0.05;

    private readonly IStreamingDetector _inner;
    private DateTimeOffset? _last;
    private double _usualTicks;
    private long _accepted;
    private long _gaps;
    private long _nonFinite;
    private long _outOfOrder;

    public GuardedDetector(IStreamingDetector inner, double gapFactor = DefaultGapFactor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(gapFactor > 1.0) || !double.IsFinite(gapFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(gapFactor), gapFactor, "a finite number above 1");
        }

        _inner = inner;
        GapFactor = gapFactor;
    }

    public string Name => _inner.Name;

    public double GapFactor { get; }

    /// <summary>What happened to the last sample.</summary>
    public SampleStatus LastStatus { get; private set; }

    public SeriesInputReport Report => new(_accepted, _gaps, _nonFinite, _outOfOrder);

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            _nonFinite++;
            LastStatus = SampleStatus.NonFinite;
            return 0.0;
        }

        if (_last is { } last && time <= last)
        {
            _outOfOrder++;
            LastStatus = SampleStatus.OutOfOrder;
            return 0.0;
        }

        LastStatus = SampleStatus.Accepted;
        if (_last is { } previous)
        {
            double interval = (time - previous).Ticks;
            if (_usualTicks > 0.0 && interval > GapFactor * _usualTicks)
            {
                _gaps++;
                LastStatus = SampleStatus.AcceptedAfterGap;
            }
            else
            {
                _usualTicks = _usualTicks == 0.0 ? interval : _usualTicks + (IntervalSmoothing * (interval - _usualTicks));
            }
        }

        _last = time;
        _accepted++;
        return _inner.Score(time, value);
    }
}
