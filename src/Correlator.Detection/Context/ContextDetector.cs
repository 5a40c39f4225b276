namespace Correlator.Detection.Context;

/// <summary>
/// A contextual anomaly detector after the description of CAD OSE (Smirnov and Ermakov, the
/// Numenta Anomaly Benchmark entry): values are cut into a few levels, the last 1 to
/// <see cref="ContextDetectorOptions.MaxOrder"/> levels form contexts, and each (context, next
/// level) pair seen is a learnt fact. A value is as anomalous as the share of its contexts that
/// had predicted something else, averaged with the share of its contexts never seen before
/// (CAD's "selected but not active" and "new contexts" parts). After an alarm the next
/// <see cref="ContextDetectorOptions.RestPeriod"/> values are scored at most half the alarm
/// level (CAD's rest period). Facts live in two bounded generations of hashed keys.
/// </summary>
public sealed class ContextDetector : IStreamingDetector
{
    private const ulong OrderSalt = 0x9E3779B97F4A7C15UL;
    private const ulong FactSalt = 0xA5A5A5A5A5A5A5A5UL;

    private readonly ContextDetectorOptions _options;
    private readonly long[] _history;
    private double[]? _learning;
    private HashSet<ulong> _current;
    private HashSet<ulong> _previous;
    private int _historyCount;
    private int _historyNext;
    private int _seen;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _origin;
    private double _width;
    private double _top;
    private int _restFor;

    public ContextDetector(ContextDetectorOptions? options = null)
    {
        _options = options ?? new ContextDetectorOptions();
        _options.Validate();
        _history = new long[Math.Max(1, _options.MaxOrder)];
        _current = new HashSet<ulong>(_options.MaxFacts);
        _previous = [];
        _learning = new double[_options.LearningPeriod];
    }

    /// <summary>Its name in reports (a member of the <c>correlator</c> detector, not a catalog entry of its own).</summary>
    public const string DetectorName = "context";

    public string Name => DetectorName;

    /// <summary>The contextual novelty of the last value in [0, 1], before the rest period.</summary>
    public double LastRawScore { get; private set; }

    /// <summary>Facts held now (both generations); never above twice <see cref="ContextDetectorOptions.MaxFacts"/>.</summary>
    public int FactCount => _current.Count + _previous.Count;

    public double Score(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        if (_learning is not null)
        {
            _learning[_seen] = value;
            _seen++;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            if (_seen == _options.LearningPeriod)
            {
                FixLevels();
            }

            LastRawScore = 0.0;
            return 0.0;
        }

        var level = LevelOf(value);
        var raw = Novelty(level);
        Remember(level);
        LastRawScore = raw;

        if (_restFor > 0)
        {
            _restFor--;
            return 0.5 * Math.Min(raw, _options.AlarmScore);
        }

        if (raw >= _options.AlarmScore)
        {
            _restFor = _options.RestPeriod;
        }

        return raw;
    }

    private void FixLevels()
    {
        var low = _min;
        var high = _max;
        if (_options.RangeQuantile > 0.0)
        {
            // A robust range: the levels span the quantiles of the learning values, so a spike
            // among them does not stretch every level; values beyond get levels of their own.
            var sorted = (double[])_learning!.Clone();
            Array.Sort(sorted);
            low = Quantile(sorted, _options.RangeQuantile);
            high = Quantile(sorted, 1.0 - _options.RangeQuantile);
        }

        var range = high - low;
        if (range <= 0.0)
        {
            range = Math.Max(Math.Abs(high) * 1e-6, 1e-12);
        }

        _origin = low;
        _top = high;
        _width = Math.Max(range / _options.Levels, _options.MinRelativeWidth * Math.Max(Math.Abs(low), Math.Abs(high)));

        // The learning period's values become the first facts; then their buffer is let go.
        foreach (var value in _learning!)
        {
            Remember(LevelOf(value));
        }

        _learning = null;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    // Level 0 .. Levels-1 inside the learnt range; values beyond it get further levels of their own.
    private long LevelOf(double value)
    {
        var position = Math.Floor((value - _origin) / _width);
        var level = (long)Math.Clamp(position, -1e15, 1e15);
        return value == _top && level == _options.Levels ? _options.Levels - 1 : level;
    }

    // Order 0 is the level itself (was it ever seen?); orders 1..k add the preceding levels.
    private double Novelty(long level)
    {
        var orders = Math.Min(_historyCount, _options.MaxOrder);
        var known = 0;
        var predicted = 0;
        var context = OrderSalt;
        for (var k = 0; k <= orders; k++)
        {
            if (k > 0)
            {
                context = Mix(context, Past(k));
            }

            if (!Contains(context))
            {
                continue;
            }

            known++;
            if (Contains(Mix(context ^ FactSalt, level)))
            {
                predicted++;
            }
        }

        var wrong = known == 0 ? 1.0 : 1.0 - ((double)predicted / known);
        var fresh = (double)(orders + 1 - known) / (orders + 1);
        return 0.5 * (wrong + fresh);
    }

    private void Remember(long level)
    {
        var orders = Math.Min(_historyCount, _options.MaxOrder);
        var context = OrderSalt;
        for (var k = 0; k <= orders; k++)
        {
            if (k > 0)
            {
                context = Mix(context, Past(k));
            }

            Add(context);
            Add(Mix(context ^ FactSalt, level));
        }

        _history[_historyNext] = level;
        _historyNext = (_historyNext + 1) % _history.Length;
        _historyCount = Math.Min(_historyCount + 1, _history.Length);
    }

    // The level k steps back (1 = the previous value).
    private long Past(int k) => _history[(_historyNext - k + _history.Length) % _history.Length];

    private bool Contains(ulong key) => _current.Contains(key) || _previous.Contains(key);

    private void Add(ulong key)
    {
        if (_current.Contains(key))
        {
            return;
        }

        if (_current.Count >= _options.MaxFacts)
        {
            // The older generation is forgotten; what is still in use is learnt again as it recurs.
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        _current.Add(key);
    }

    private static ulong Mix(ulong hash, long value)
    {
        var x = hash ^ (ulong)value;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
