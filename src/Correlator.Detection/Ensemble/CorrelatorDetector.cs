using Correlator.Detection.Art;
using Correlator.Detection.Context;
using Correlator.Detection.Seasonal;

namespace Correlator.Detection.Ensemble;

/// <summary>
/// The project's own NAB entry. At two time scales (the values and their short moving average)
/// a value's surprise -ln p is taken under two models of the recent past, a kernel density over
/// a short window and a Gaussian over a long one; a scale's surprise is the smaller of the two (both
/// models must agree it is unusual), the detector's the larger of the scales (a spike or a level
/// shift). After an alarm the next values are scored at most half an alarm, so one anomaly raises
/// one alarm. Score = surprise / (surprise + scale). A contextual member (<see cref="ContextDetector"/>,
/// after CAD OSE) raises an alarm too when a value's level is new in its context; such an alarm
/// scores just above the surprise alarm level. An alarm budget raises the surprise alarm level by a
/// step for every alarm among the last values (bursty series must surprise more to alarm again; a
/// value between the plain and the raised level is scored half an alarm and starts no suppression).
/// A surprise alarm on a value seen before (the value within the range of the series' recent values and
/// its moving average within the range of the recent averages) is scored half an alarm too: only a new
/// extreme on one of the two scales raises a surprise alarm. The member has a budget of its own: once it has raised
/// a few alarms of its own among the last values, further ones are dropped (a series that outgrew the member's
/// learning period keeps meeting new levels). A seasonal member (<see cref="SeasonalDetector"/>) raises an alarm where a
/// periodic series stops repeating its previous period. An optional fuzzy-ART member (<see cref="ArtEnsemble"/>) raises
/// an alarm where several of its networks found a new category after a quiet stretch.
/// See docs/detection.md for the measurements.
/// </summary>
public sealed class CorrelatorDetector : IStreamingDetector
{
    private readonly CorrelatorDetectorOptions _options;
    private readonly KernelDensityWindow _kernel;
    private readonly GaussianWindow _gaussian;
    private readonly KernelDensityWindow? _smoothKernel;
    private readonly GaussianWindow? _smoothGaussian;
    private readonly ContextDetector? _context;
    private readonly ArtEnsemble? _art;
    private readonly SeasonalDetector? _seasonal;
    private readonly SlidingRange? _valueRange;
    private readonly SlidingRange? _averageRange;
    private readonly double[] _recent;
    private readonly double _alarmScore;
    private int _recentCount;
    private int _recentNext;
    private double _recentSum;
    private int _quietFor;

    // Positions (values seen) of the alarms still inside the budget window, oldest first, in a ring.
    private readonly long[] _alarmAt;
    private int _alarmFirst;
    private int _alarmCount;
    private long _position;

    // For the member's budget: the positions of its last alarms in a ring, _memberNext at the oldest.
    private readonly long[] _memberAlarmAt;
    private int _memberNext;

    public CorrelatorDetector(CorrelatorDetectorOptions? options = null)
    {
        _options = options ?? new CorrelatorDetectorOptions();
        _options.Validate();
        _kernel = new KernelDensityWindow(_options.KernelWindowSize);
        _gaussian = new GaussianWindow(_options.GaussianWindowSize);
        _recent = new double[_options.SmoothingWindowSize];
        if (_options.SmoothingWindowSize > 1)
        {
            _smoothKernel = new KernelDensityWindow(_options.KernelWindowSize);
            _smoothGaussian = new GaussianWindow(_options.GaussianWindowSize);
        }

        if (_options.Context is not null)
        {
            _context = new ContextDetector(_options.Context with { RestPeriod = 0 });
        }

        if (_options.Art is not null)
        {
            _art = new ArtEnsemble(_options.Art);
        }

        if (_options.Seasonal is not null)
        {
            _seasonal = new SeasonalDetector(_options.Seasonal);
        }

        if (_options.SeenRangeWindow > 0)
        {
            _valueRange = new SlidingRange(_options.SeenRangeWindow, _options.SeenRangeBlock);
            if (_options.SmoothingWindowSize > 1)
            {
                _averageRange = new SlidingRange(_options.SeenRangeWindow, _options.SeenRangeBlock);
            }
        }

        _alarmScore = Squash(_options.AlarmSurprise);
        _memberAlarmAt = _options.ContextBudgetWindow > 0 ? new long[_options.ContextBudgetAlarms] : [];
        Array.Fill(_memberAlarmAt, long.MinValue / 2);

        // Alarms are at least SuppressionLength + 1 values apart, so the window holds at most this many.
        _alarmAt = BudgetOn ? new long[(_options.AlarmBudgetWindow / (_options.SuppressionLength + 1)) + 2] : [];
    }

    private bool BudgetOn => _options.AlarmBudgetWindow > 0 && _options.AlarmBudgetStep > 0.0;

    /// <summary>Alarms counted by the budget now (at most a few dozen with the defaults).</summary>
    public int BudgetAlarmCount => _alarmCount;

    /// <summary>The surprise the next value needs to be an alarm: the alarm level plus the budget's raise.</summary>
    public double CurrentAlarmSurprise => _options.AlarmSurprise + (_options.AlarmBudgetStep * _alarmCount);

    public string Name => DetectorCatalog.Correlator;

    /// <summary>The surprise -ln p behind the last score (before suppression).</summary>
    public double LastSurprise { get; private set; }

    /// <summary>True when the last value would have been a surprise alarm but had been seen before (scored half an alarm).</summary>
    public bool LastSeenBefore { get; private set; }

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        var surprise = Math.Min(_kernel.Surprise(value), _gaussian.Surprise(value));
        _kernel.Add(value);
        _gaussian.Add(value);
        var average = value;
        if (_smoothKernel is not null && _smoothGaussian is not null)
        {
            average = Smooth(value);
            surprise = Math.Max(surprise, Math.Min(_smoothKernel.Surprise(average), _smoothGaussian.Surprise(average)));
            _smoothKernel.Add(average);
            _smoothGaussian.Add(average);
        }

        LastSurprise = surprise;
        _position++;
        ForgetOldAlarms();
        var score = Squash(surprise);
        var alarm = surprise >= CurrentAlarmSurprise;
        if (!alarm && surprise >= _options.AlarmSurprise)
        {
            // Over the plain level but within the budget's raise: half an alarm, like a suppressed value.
            score = 0.5 * _alarmScore;
        }

        LastSeenBefore = false;
        if (alarm && _quietFor == 0 && _valueRange is not null && _valueRange.Contains(value) && (_averageRange?.Contains(average) ?? true))
        {
            // Neither the value nor its average is a new extreme: the series has been there in its recent past.
            LastSeenBefore = true;
            alarm = false;
            score = 0.5 * _alarmScore;
        }

        _valueRange?.Add(value);
        if (_recentCount == _recent.Length)
        {
            // Only full averages: the first few, over fewer values, are raw values again and would widen the range.
            _averageRange?.Add(average);
        }

        var memberOnly = false;
        if (_context is not null)
        {
            var novelty = _context.Score(time, value);
            if (novelty >= _options.ContextAlarmScore && (alarm || MemberBudgetAllows()))
            {
                memberOnly = !alarm;
                alarm = true;
                score = Math.Max(score, Math.Min(0.999, _alarmScore + novelty - _options.ContextAlarmScore));
            }
        }

        if (_art is not null)
        {
            if (_art.Present(time, value))
            {
                alarm = true;
                score = Math.Max(score, Math.Min(0.999, _alarmScore + 0.05));
            }
        }

        if (_seasonal is not null && _seasonal.Add(value) >= _options.SeasonalAlarmSurprise)
        {
            // A broken periodic pattern: an alarm scored just above the surprise alarm level, like the members'.
            alarm = true;
            score = Math.Max(score, Math.Min(0.999, _alarmScore + 0.04));
        }

        if (_quietFor > 0)
        {
            _quietFor--;
            return 0.5 * Math.Min(score, _alarmScore);
        }

        if (alarm)
        {
            _quietFor = _options.SuppressionLength;
            RememberAlarm();
            if (memberOnly && _memberAlarmAt.Length > 0)
            {
                _memberAlarmAt[_memberNext] = _position;
                _memberNext = (_memberNext + 1) % _memberAlarmAt.Length;
            }
        }

        return score;
    }

    // The oldest of the last ContextBudgetAlarms member alarms must have left the budget window.
    private bool MemberBudgetAllows() =>
        _memberAlarmAt.Length == 0 || _memberAlarmAt[_memberNext] < _position - _options.ContextBudgetWindow;

    private void ForgetOldAlarms()
    {
        while (_alarmCount > 0 && _alarmAt[_alarmFirst] < _position - _options.AlarmBudgetWindow)
        {
            _alarmFirst = (_alarmFirst + 1) % _alarmAt.Length;
            _alarmCount--;
        }
    }

    private void RememberAlarm()
    {
        if (!BudgetOn)
        {
            return;
        }

        if (_alarmCount == _alarmAt.Length)
        {
            // Cannot happen while alarms are SuppressionLength + 1 apart; dropping the oldest keeps the state bounded anyway.
            _alarmFirst = (_alarmFirst + 1) % _alarmAt.Length;
            _alarmCount--;
        }

        _alarmAt[(_alarmFirst + _alarmCount) % _alarmAt.Length] = _position;
        _alarmCount++;
    }

    private double Squash(double surprise) => surprise / (surprise + _options.ScoreScale);

    // The average of the last values including this one (fewer while the first ones arrive).
    private double Smooth(double value)
    {
        if (_recentCount == _recent.Length)
        {
            _recentSum -= _recent[_recentNext];
        }
        else
        {
            _recentCount++;
        }

        _recent[_recentNext] = value;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentSum += value;
        return _recentSum / _recentCount;
    }
}
