namespace Correlator.Detection.Art;

/// <summary>
/// The ART member of the <c>correlator</c> detector: several <see cref="ArtDetector"/> networks at neighbouring
/// vigilances see the same values. A network's novelty counts only after a quiet stretch without new categories
/// (<see cref="ArtEnsembleOptions.QuietLength"/>), and an alarm needs <see cref="ArtEnsembleOptions.Votes"/> networks
/// with a counted novelty within <see cref="ArtEnsembleOptions.VoteSpan"/> values. One network alone made its NAB gain
/// a narrow peak in the vigilance (docs/detection.md, fifth and eighth slices): when a category is founded depends on
/// the network's whole history, so which windows and false alarms it finds changes with a small vigilance change.
/// State: the networks' (each at most 64 categories) and two positions per network.
/// </summary>
public sealed class ArtEnsemble
{
    private readonly ArtEnsembleOptions _options;
    private readonly ArtDetector[] _networks;
    private readonly long[] _foundedAt;
    private readonly long[] _countedAt;
    private long _position;

    public ArtEnsemble(ArtEnsembleOptions? options = null)
    {
        _options = options ?? new ArtEnsembleOptions();
        _options.Validate();
        _networks = new ArtDetector[_options.Networks];
        _foundedAt = new long[_options.Networks];
        _countedAt = new long[_options.Networks];
        for (var i = 0; i < _networks.Length; i++)
        {
            _networks[i] = new ArtDetector(_options.Network with { Vigilance = _options.VigilanceOf(i) });
        }

        // The learning period's end counts as a founding; counted novelties start far in the past.
        Array.Fill(_foundedAt, _options.Network.LearningPeriod);
        Array.Fill(_countedAt, long.MinValue / 2);
    }

    /// <summary>How many networks had a counted novelty within the vote span at the last value.</summary>
    public int LastVotes { get; private set; }

    /// <summary>Feeds one value to every network; true when it is an alarm (a counted novelty now and enough votes).</summary>
    public bool Present(DateTimeOffset time, double value)
    {
        if (!double.IsFinite(value))
        {
            // Skipped by every network (ArtDetector learns no non-finite value), so not a step of the ensemble either.
            LastVotes = 0;
            return false;
        }

        _position++;
        var countedNow = false;
        var votes = 0;
        for (var i = 0; i < _networks.Length; i++)
        {
            _networks[i].Score(time, value);
            if (_networks[i].LastWasNovel)
            {
                if (_position - _foundedAt[i] >= _options.QuietLength)
                {
                    _countedAt[i] = _position;
                    countedNow = true;
                }

                _foundedAt[i] = _position;
            }

            votes += _countedAt[i] >= _position - _options.VoteSpan ? 1 : 0;
        }

        LastVotes = votes;
        return countedNow && votes >= _options.Votes;
    }
}
