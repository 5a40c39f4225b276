namespace Correlator.Domain;

/// <summary>
/// What one batch of processing changed, written to the store in a single transaction: the signal
/// states and incidents touched, how much of each incident was already stored, and the positions
/// of the inputs consumed. Nothing is visible outside the pipeline until its change set is durable.
/// </summary>
public sealed class ChangeSet
{
    private readonly Dictionary<(string Fingerprint, DateTimeOffset FirstSeenAt), SignalState> _signals = [];
    private readonly Dictionary<(string Fingerprint, DateTimeOffset FirstSeenAt), SignalState> _storedSignals = [];
    private readonly Dictionary<long, Incident> _incidents = [];
    private readonly Dictionary<long, (int Links, int Timeline)> _stored = [];
    private readonly Dictionary<string, string> _positions = new(StringComparer.Ordinal);

    public IEnumerable<SignalState> Signals => _signals.Values;

    public IEnumerable<Incident> Incidents => _incidents.Values;

    public IReadOnlyDictionary<string, string> Positions => _positions;

    /// <summary>The event-time watermark after the batch.</summary>
    public DateTimeOffset? Watermark { get; set; }

    /// <summary>The highest incident id handed out after the batch.</summary>
    public long LastIncidentId { get; set; }

    public bool IsEmpty => _signals.Count == 0 && _incidents.Count == 0 && _positions.Count == 0;

    public void Put(SignalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _signals[(state.Fingerprint, state.FirstSeenAt)] = state;
    }

    /// <summary>
    /// Records the new version of a signal state; <paramref name="before"/> is its version as last stored (same
    /// fingerprint and first-seen time), so the store may update only what changed. Only the first change of a
    /// state in the batch says what is stored: a state first put without a stored version stays "write it all".
    /// </summary>
    public void Put(SignalState state, SignalState before)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(before);
        var key = (state.Fingerprint, state.FirstSeenAt);
        if (!_signals.ContainsKey(key)
            && string.Equals(before.Fingerprint, state.Fingerprint, StringComparison.Ordinal)
            && before.FirstSeenAt == state.FirstSeenAt)
        {
            _storedSignals[key] = before;
        }

        _signals[key] = state;
    }

    /// <summary>The version of a signal state the store held before this batch, when the batch knows it (see <see cref="Put(SignalState, SignalState)"/>).</summary>
    public SignalState? StoredVersion(SignalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _storedSignals.TryGetValue((state.Fingerprint, state.FirstSeenAt), out var before) ? before : null;
    }

    /// <summary>
    /// Records the new version of an incident; <paramref name="before"/> is its version as last stored
    /// (null for a new incident), so the store appends only the links and timeline lines that are new.
    /// </summary>
    public void Put(Incident incident, Incident? before)
    {
        ArgumentNullException.ThrowIfNull(incident);
        _stored.TryAdd(incident.Id, before is null ? (0, 0) : (before.Links.Count, before.Timeline.Count));
        _incidents[incident.Id] = incident;
    }

    /// <summary>How many links and timeline lines of the incident the store already holds.</summary>
    public (int Links, int Timeline) StoredCounts(long incidentId) =>
        _stored.TryGetValue(incidentId, out var counts) ? counts : (0, 0);

    public void SetPosition(string input, string position)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentNullException.ThrowIfNull(position);
        _positions[input] = position;
    }

    public void Clear()
    {
        _signals.Clear();
        _storedSignals.Clear();
        _incidents.Clear();
        _stored.Clear();
        _positions.Clear();
        Watermark = null;
        LastIncidentId = 0;
    }
}
