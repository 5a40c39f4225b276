namespace Correlator.Detection.Art;

/// <summary>
/// Novelty by fuzzy adaptive resonance (Carpenter, Grossberg and Rosen's fuzzy ART, used on windowed
/// features as NAB's ARTime entry describes): each input is the means of the last few blocks of
/// values, scaled by the range of a learning period and complement-coded; it joins the best-chosen
/// category whose match |I ^ w| / |I| reaches the vigilance (the category then moves towards it), or
/// founds a new category. Score after the learning period: 0.5 + 0.5 x (1 - best match) when a new
/// category had to be founded (novelty), else 0.5 x (1 - the match); so a score of at least 0.5 means
/// "a pattern not seen before". The learning period's values are scored 0 and then learnt in order.
/// State: the window of values, the learning values until they are learnt, and at most
/// <see cref="ArtDetectorOptions.MaxCategories"/> categories of 2 x Features doubles.
/// </summary>
public sealed class ArtDetector : IStreamingDetector
{
    /// <summary>The choice parameter of fuzzy ART (small: prefers the category that covers the input most tightly).</summary>
    private const double Choice = 0.001;

    private readonly ArtDetectorOptions _options;
    private readonly double[] _window;
    private readonly double[] _input;
    private readonly List<double[]> _categories = [];
    private readonly List<long> _lastUsed = [];
    private readonly bool[] _tried;
    private double[]? _learning;
    private long _seen;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _range;

    public ArtDetector(ArtDetectorOptions? options = null)
    {
        _options = options ?? new ArtDetectorOptions();
        _options.Validate();
        _window = new double[_options.Features * _options.BlockLength];
        _input = new double[2 * _options.Features];
        _tried = new bool[_options.MaxCategories];
        _learning = new double[_options.LearningPeriod];
    }

    /// <summary>Its name in reports (a member of the <c>correlator</c> detector when turned on, not a catalog entry of its own).</summary>
    public const string DetectorName = "art";

    public string Name => DetectorName;

    /// <summary>Categories held now; never above <see cref="ArtDetectorOptions.MaxCategories"/>.</summary>
    public int CategoryCount => _categories.Count;

    /// <summary>True when the last scored value founded a new category after the learning period.</summary>
    public bool LastWasNovel { get; private set; }

    public double Score(DateTimeOffset time, double value)
    {
        LastWasNovel = false;
        if (!double.IsFinite(value))
        {
            return 0.0;
        }

        if (_learning is not null)
        {
            _learning[_seen++] = value;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            if (_seen == _learning.Length)
            {
                var learning = _learning;
                _learning = null;
                _range = _max > _min ? _max - _min : Math.Max(Math.Abs(_max), 1.0) * 1e-3;
                _seen = 0;
                foreach (var past in learning)
                {
                    Present(past);
                }
            }

            return 0.0;
        }

        var (novel, match) = Present(value);
        if (match is null)
        {
            return 0.0;
        }

        LastWasNovel = novel;
        return novel ? 0.5 + (0.5 * (1.0 - match.Value)) : 0.5 * (1.0 - match.Value);
    }

    // Adds the value to the window; once the window is full, resonates (or founds a category).
    // Returns whether a category was founded and the best match (null while the window fills).
    private (bool Novel, double? Match) Present(double value)
    {
        _window[_seen % _window.Length] = value;
        _seen++;
        if (_seen < _window.Length)
        {
            return (false, null);
        }

        Encode();
        var best = 0.0;
        var tried = _tried;
        Array.Clear(tried);
        for (var attempt = 0; attempt < _categories.Count; attempt++)
        {
            var chosen = -1;
            var chosenValue = double.NegativeInfinity;
            for (var j = 0; j < _categories.Count; j++)
            {
                if (tried[j])
                {
                    continue;
                }

                var choice = Overlap(_categories[j]) / (Choice + Sum(_categories[j]));
                if (choice > chosenValue)
                {
                    chosenValue = choice;
                    chosen = j;
                }
            }

            tried[chosen] = true;
            var match = Overlap(_categories[chosen]) / _options.Features;
            best = Math.Max(best, match);
            if (match >= _options.Vigilance)
            {
                Learn(_categories[chosen]);
                _lastUsed[chosen] = _seen;
                return (false, match);
            }
        }

        Found();
        return (true, best);
    }

    private void Encode()
    {
        var block = _options.BlockLength;
        for (var k = 0; k < _options.Features; k++)
        {
            var sum = 0.0;
            for (var j = 0; j < block; j++)
            {
                var back = (k * block) + j;
                sum += _window[(_seen - 1 - back) % _window.Length];
            }

            // The learnt range maps to [0.25, 0.75]: excursions of up to half the range beyond it stay distinct.
            var x = Math.Clamp(0.25 + (0.5 * ((sum / block) - _min) / _range), 0.0, 1.0);
            _input[k] = x;
            _input[_options.Features + k] = 1.0 - x;
        }
    }

    private double Overlap(double[] weights)
    {
        var sum = 0.0;
        for (var k = 0; k < weights.Length; k++)
        {
            sum += Math.Min(_input[k], weights[k]);
        }

        return sum;
    }

    private static double Sum(double[] weights)
    {
        var sum = 0.0;
        foreach (var w in weights)
        {
            sum += w;
        }

        return sum;
    }

    private void Learn(double[] weights)
    {
        var rate = _options.LearningRate;
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = (rate * Math.Min(_input[k], weights[k])) + ((1.0 - rate) * weights[k]);
        }
    }

    private void Found()
    {
        if (_categories.Count == _options.MaxCategories)
        {
            var oldest = 0;
            for (var j = 1; j < _lastUsed.Count; j++)
            {
                if (_lastUsed[j] < _lastUsed[oldest])
                {
                    oldest = j;
                }
            }

            _categories.RemoveAt(oldest);
            _lastUsed.RemoveAt(oldest);
        }

        _categories.Add((double[])_input.Clone());
        _lastUsed.Add(_seen);
    }
}
