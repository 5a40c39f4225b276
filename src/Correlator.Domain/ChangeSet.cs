namespace Correlator.Domain;

/// <summary>
/// What one batch of processing changed, written to the store in a single transaction: the signal
/// states and incidents touched, how much of each incident was already stored, and the positions
/// of the inputs consumed. Nothing is visible outside the pipeline until its change set is durable.
/// </summary>
public sealed class ChangeSet
{
    private readonly Dictionary<(string Fingerprint, DateTimeOffset FirstSeenAt), SignalState> _signals = [];
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
        _incidents.Clear();
        _stored.Clear();
        _positions.Clear();
        Watermark = null;
        LastIncidentId = 0;
    }
}
