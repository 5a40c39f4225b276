namespace Correlator.Service.Eval.Anticipation;

/// <summary>
/// The service's dismissal suppression (<c>PredictionStage</c>: a dismissed prediction withholds prediction of any
/// cluster holding one of its signals for <c>Prediction:DismissSuppression</c>), replayed for the evaluation. The
/// evaluation has no person, so it stands one in: a prediction not followed by user impact within the horizon is
/// dismissed when the horizon ends, with the signals its cluster held by then. A zero suppression turns it off.
/// </summary>
internal sealed class DismissalSuppression(UserImpact impact, TimeSpan horizon, TimeSpan suppression)
{
    private readonly List<(DateTimeOffset At, long ClusterId)> _pending = [];
    private readonly Dictionary<long, IReadOnlyList<string>> _fingerprints = [];
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private readonly HashSet<long> _withheld = [];

    /// <summary>How many clusters were withheld.</summary>
    public int Withheld => _withheld.Count;

    /// <summary>How many false predictions were dismissed before the replay's last update (later ones could not withhold anything).</summary>
    public int Dismissed { get; private set; }

    /// <summary>Dismisses the false predictions whose horizon ended by <paramref name="update"/>, and remembers its cluster's signals.</summary>
    public void AdvanceTo(ClusterUpdate update)
    {
        _fingerprints[update.ClusterId] = update.Fingerprints;
        for (int i = 0; i < _pending.Count;)
        {
            var (at, cluster) = _pending[i];
            if (at > update.At)
            {
                i++;
                continue;
            }

            foreach (var fingerprint in _fingerprints.GetValueOrDefault(cluster, []))
            {
                if (!_until.TryGetValue(fingerprint, out var known) || known < at + suppression)
                {
                    _until[fingerprint] = at + suppression;
                }
            }

            _pending.RemoveAt(i);
            Dismissed++;
        }
    }

    /// <summary>A prediction was raised on <paramref name="update"/>: dismissed when its horizon ends, if no impact followed.</summary>
    public void Predicted(ClusterUpdate update)
    {
        if (suppression > TimeSpan.Zero && !impact.Any(update.At, update.At + horizon))
        {
            _pending.Add((update.At + horizon, update.ClusterId));
        }
    }

    /// <summary>Whether the cluster is not to be predicted: withheld before, or holding a signal of a live dismissal now.</summary>
    public bool Withholds(ClusterUpdate update)
    {
        if (_withheld.Contains(update.ClusterId))
        {
            return true;
        }

        foreach (var fingerprint in update.Fingerprints)
        {
            if (_until.TryGetValue(fingerprint, out var until) && until > update.At)
            {
                _withheld.Add(update.ClusterId);
                return true;
            }
        }

        return false;
    }
}
