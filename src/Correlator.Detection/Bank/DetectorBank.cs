using Correlator.Domain;

namespace Correlator.Detection.Bank;

/// <summary>
/// One streaming detector per metric series, created on the series' first sample from the first
/// matching <see cref="BankRule"/>. Each sample is scored; a score at or above the rule's threshold
/// fires an anomaly <see cref="Signal"/> for the series (one fingerprint per series, so correlation
/// treats it like an alert), and <see cref="BankOptions.ResolveAfterSamples"/> normal samples in a row
/// resolve it. Everything runs on the samples' event time. Not thread-safe: one caller at a time.
/// </summary>
public sealed partial class DetectorBank
{
    private readonly BankOptions _options;
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly long _idleTicks;
    private long _latestTicks = long.MinValue;
    private long _nextSweepTicks = long.MinValue;

    public DetectorBank(BankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _idleTicks = options.IdleTimeout.Ticks;
    }

    public BankStats Stats { get; } = new();

    public int SeriesCount => _series.Count;

    /// <summary>Scores one sample; any signal it causes (and any caused by evicting idle series) is added to <paramref name="signals"/>.</summary>
    public void Observe(in MetricSample sample, List<Signal> signals) => Observe(sample, signals, null);

    /// <summary>As <see cref="Observe(in MetricSample, List{Signal})"/>, also adding the sample's score to <paramref name="scores"/> when given.</summary>
    public void Observe(in MetricSample sample, List<Signal> signals, List<SampleScore>? scores)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Stats.Samples++;
        if (!double.IsFinite(sample.Value))
        {
            Stats.NonFinite++;
            return;
        }

        long ticks = sample.Time.UtcTicks;
        if (ticks > _latestTicks)
        {
            _latestTicks = ticks;
            if (ticks >= _nextSweepTicks)
            {
                Sweep(signals);
            }
        }

        if (!_series.TryGetValue(sample.Series, out var state))
        {
            if (_series.Count >= _options.MaxSeries)
            {
                Stats.SeriesRefused++;
                return;
            }

            state = Create(sample.Series);
        }

        if (state.Detector is not { } detector)
        {
            Stats.Unwatched++;
            return;
        }

        if (ticks <= state.LastTicks)
        {
            Stats.OutOfOrder++;
            return;
        }

        state.LastTicks = ticks;
        Stats.Scored++;
        // The band is asked before scoring: Score learns the value, and the band is the one this value was judged against.
        var (lower, upper) = scores is not null && detector is IBandedDetector banded ? banded.NormalBand(state.Threshold) : (double.NaN, double.NaN);
        var score = detector.Score(sample.Time, sample.Value);
        var expected = state.Expected;
        bool anomalous = Judge(sample, state, score, signals);
        scores?.Add(new SampleScore(sample.Series, sample.Time, sample.Value, score, double.IsNaN(expected) ? sample.Value : expected, anomalous, lower, upper));
    }

    /// <summary>Scores samples in order (and adds their scores to <paramref name="scores"/> when given).</summary>
    public void Observe(IReadOnlyList<MetricSample> samples, List<Signal> signals, List<SampleScore>? scores = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (int i = 0; i < samples.Count; i++)
        {
            Observe(samples[i], signals, scores);
        }
    }

    private SeriesState Create(SeriesKey key)
    {
        var rule = RuleFor(key);
        var state = new SeriesState(BankDetectors.Create(rule.Detector), rule.Threshold);
        _series.Add(key, state);
        Stats.SeriesCreated++;
        return state;
    }

    private BankRule RuleFor(SeriesKey key)
    {
        foreach (var rule in _options.Rules)
        {
            if (Glob.IsMatch(rule.Measurement, key.Measurement) && Glob.IsMatch(rule.Field, key.Field))
            {
                return rule;
            }
        }

        return DefaultRule;
    }

    private static BankRule DefaultRule { get; } = new();

    /// <summary>Drops series idle for longer than the timeout (event time), at most every quarter of it.</summary>
    private void Sweep(List<Signal> signals)
    {
        _nextSweepTicks = _latestTicks + Math.Max(_idleTicks / 4, 1);
        long cutoff = _latestTicks - _idleTicks;
        List<SeriesKey>? idle = null;
        foreach (var (key, state) in _series)
        {
            if (state.LastTicks != long.MinValue && state.LastTicks < cutoff)
            {
                (idle ??= []).Add(key);
            }
        }

        if (idle is null)
        {
            return;
        }

        foreach (var key in idle)
        {
            var state = _series[key];
            if (state.Firing)
            {
                // Nobody can say any more whether it is still anomalous: resolve it when it went quiet.
                signals.Add(Resolved(key, state, new DateTimeOffset(state.LastTicks, TimeSpan.Zero), "series went idle"));
            }

            _series.Remove(key);
            Stats.SeriesEvicted++;
        }
    }
}
