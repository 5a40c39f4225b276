using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Prediction;
using Correlator.Service.Correlation;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>
/// The anticipation stage, run by the correlation loop on each batch before it commits (so a Predicted incident is
/// stored, and published, already Predicted). Each signal the engine attached is added to its cluster (the incident);
/// then every incident the batch changed is looked at once:
/// <list type="bullet">
/// <item>a just-opened incident (nothing of it stored yet) whose signals are all early (<see cref="SignalImpact"/>) is
/// scored from its features at its latest signal's event time; when the probability reaches the threshold it opens
/// Predicted, with the probability, method and strongest contributions in its timeline and a stored prediction;</item>
/// <item>a Predicted incident that an impact signal joined is confirmed ("confirmed by impact");</item>
/// <item>a closed incident's cluster is forgotten and its outcome (impact / confirmed = true, dismissed = false)
/// feeds the similar-cluster history.</item>
/// </list>
/// Single-threaded: only the loop calls it.
/// </summary>
internal sealed class PredictionStage
{
    private readonly PredictionOptions _options;
    private readonly PredictionModels _models;
    private readonly CorrelationRulesSource? _rules;
    private readonly Dictionary<string, (DateTimeOffset Until, long DismissedIncident)> _suppressed = new(StringComparer.Ordinal);
    private ClusterTracker _tracker;
    private readonly Dictionary<long, Signal> _impactThisBatch = [];
    private readonly HashSet<long> _impacted = [];
    private readonly Dictionary<long, bool> _outcomes = [];
    private ServiceCriticality _criticality = ServiceCriticality.None;
    private int _rulesVersion = -1;
    private long _scored;
    private long _scoreTicks;
    private long _predicted;
    private long _confirmedByImpact;
    private long _suppressedCount;

    public PredictionStage(IOptions<PredictionOptions> options, PredictionModels models, CorrelationRulesSource? rules = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _models = models;
        _rules = rules;
        _tracker = new ClusterTracker(ServiceCriticality.None, new ClusterHistory());
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Scorings done, their mean cost in microseconds, incidents opened Predicted and Predicted incidents confirmed by impact.</summary>
    public (long Scored, double MeanMicroseconds, long Predicted, long ConfirmedByImpact) Counters
    {
        get
        {
            long scored = Interlocked.Read(ref _scored);
            return (scored, scored == 0 ? 0 : Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _scoreTicks)).TotalMicroseconds / scored,
                Interlocked.Read(ref _predicted), Interlocked.Read(ref _confirmedByImpact));
        }
    }

    /// <summary>A signal the engine just processed, with the incident it belongs to (if any).</summary>
    public void Observe(Signal signal, long? incidentId)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (incidentId is not { } id)
        {
            return;
        }

        var events = _tracker.Events(id);
        if ((events.Count == 0 && _tracker.OpenClusters >= _options.MaxTrackedClusters) || events.Count >= _options.MaxEventsPerCluster)
        {
            return;
        }

        _tracker.Observe(id, ClusterEvent.From(signal));
        if (signal.IsFiring && SignalImpact.IsImpact(signal))
        {
            _impacted.Add(id);
            _impactThisBatch.TryAdd(id, signal);
        }
    }

    /// <summary>Decides on every incident the batch changed; predictions made are added to <paramref name="predictions"/>.</summary>
    public void Decide(CorrelationEngine engine, ChangeSet changes, List<PredictionRecord> predictions)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(predictions);
        RefreshCriticality();
        foreach (var incident in changes.Incidents.ToList())
        {
            var id = incident.Id;
            if (incident.State == IncidentState.Closed || engine.FindOpen(id) is null)
            {
                Finish(id, incident);
                continue;
            }

            if (incident.State == IncidentState.Predicted && _impactThisBatch.TryGetValue(id, out var impact))
            {
                var at = Later(incident.UpdatedAt, impact.EventTime);
                engine.Revise(id, i => i.Confirm($"user impact: {impact.Name} ({SeverityNames.ToName(impact.Severity)}) on {impact.Service ?? impact.Resource ?? "an unnamed service"}", at), changes);
                _outcomes[id] = true;
                Interlocked.Increment(ref _confirmedByImpact);
            }
            else if (incident.State == IncidentState.New && changes.StoredCounts(id) == (0, 0) && !_impacted.Contains(id) && _tracker.Events(id).Count > 0)
            {
                ScoreOpening(engine, changes, incident, predictions);
            }
        }

        _impactThisBatch.Clear();
    }

    /// <summary>Early-only incidents not scored (so opened New, as a below-threshold one) because their signals' prediction was dismissed.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressedCount);

    /// <summary>
    /// Records a person's verdict so the similar-cluster history learns it when the cluster ends; a dismissal at
    /// <paramref name="at"/> also suppresses re-prediction of the incident's signals for <c>Prediction:DismissSuppression</c>.
    /// </summary>
    public void RecordVerdict(long incidentId, bool label, DateTimeOffset at)
    {
        _outcomes[incidentId] = label;
        if (!label)
        {
            Suppress(incidentId, _tracker.Events(incidentId).Select(e => e.Fingerprint), at);
        }
    }

    /// <summary>Whether re-prediction of the signal is suppressed at <paramref name="at"/> (by which dismissed incident).</summary>
    public long? SuppressedBy(string fingerprint, DateTimeOffset at) =>
        _suppressed.TryGetValue(fingerprint, out var s) && s.Until > at ? s.DismissedIncident : null;

    /// <summary>
    /// Rebuilds the stage's memory from the store (at start and after a failed commit): the similar-cluster history from
    /// incidents that ended, the events of open clusters (so an impact confirms, and an end records the outcome under the
    /// right first service), verdicts of open incidents, and dismissals still suppressing re-prediction. Reads incidents
    /// opened within <c>Prediction:RestoreWindow</c> before <paramref name="watermark"/>, at most <c>MaxRestoredIncidents</c>.
    /// </summary>
    public async Task RestoreAsync(SqliteStore store, DateTimeOffset? watermark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        _tracker = new ClusterTracker(ServiceCriticality.None, new ClusterHistory());
        _impacted.Clear();
        _impactThisBatch.Clear();
        _outcomes.Clear();
        _suppressed.Clear();
        if (watermark is not { } now || _options.MaxRestoredIncidents == 0)
        {
            return;
        }

        var feedback = await store.GetFeedbackAsync(cancellationToken).ConfigureAwait(false);
        // One read for every incident of the window (not one per incident): a restart with thousands of open clusters stays quick.
        var clusters = await store.ListIncidentClustersAsync(now - _options.RestoreWindow, now.AddTicks(1), _options.MaxRestoredIncidents, cancellationToken).ConfigureAwait(false);
        var ended = new List<(string Signature, DateTimeOffset At, bool Outcome)>();
        foreach (var detail in clusters)
        {
            var incident = detail.Incident;
            var id = incident.Id;
            var verdict = feedback.GetValueOrDefault(id);
            var (events, impactAt) = StoreTrainingSet.Events(detail);
            if (incident.State == IncidentState.Closed)
            {
                var end = incident.ClosedAt ?? incident.UpdatedAt;
                if (FeatureExtractor.Signature(events, end) is { } signature)
                {
                    ended.Add((signature, end, verdict?.Label ?? impactAt is not null));
                }

                if (verdict is { Label: false } dismissal)
                {
                    Suppress(id, events.Select(e => e.Fingerprint), dismissal.At < now ? dismissal.At : now); // event time, as at the verdict
                }

                continue;
            }

            foreach (var e in events.Take(_options.MaxEventsPerCluster))
            {
                if (_tracker.OpenClusters >= _options.MaxTrackedClusters && _tracker.Events(id).Count == 0)
                {
                    break;
                }

                _tracker.Observe(id, e);
            }

            if (impactAt is not null)
            {
                _impacted.Add(id);
            }

            if (verdict is not null)
            {
                _outcomes[id] = verdict.Label;
            }
        }

        foreach (var (signature, at, outcome) in ended.OrderBy(e => e.At))
        {
            _tracker.History.Record(signature, at, outcome);
        }
    }

    private void Suppress(long incidentId, IEnumerable<string> fingerprints, DateTimeOffset at)
    {
        if (_options.DismissSuppression <= TimeSpan.Zero)
        {
            return;
        }

        // Expired entries go first, so the map holds only the signals of live dismissals.
        foreach (var expired in _suppressed.Where(p => p.Value.Until <= at).Select(p => p.Key).ToList())
        {
            _suppressed.Remove(expired);
        }

        var until = at + _options.DismissSuppression;
        foreach (var fingerprint in fingerprints)
        {
            if (!_suppressed.TryGetValue(fingerprint, out var known) || known.Until < until)
            {
                _suppressed[fingerprint] = (until, incidentId);
            }
        }
    }

    private void ScoreOpening(CorrelationEngine engine, ChangeSet changes, Incident incident, List<PredictionRecord> predictions)
    {
        var loaded = _models.Current;
        var at = incident.LastSignalAt;
        foreach (var e in _tracker.Events(incident.Id))
        {
            if (SuppressedBy(e.Fingerprint, at) is { } dismissed)
            {
                // The suppression withholds the PREDICTION only: the incident opens exactly as one scoring below the
                // threshold does (New, admitted by the ITIL stage like every incident that is not Predicted). Nothing is
                // hidden: a person dismissed a forecast, not the signals, and an impact in it is an ordinary incident.
                var until = _suppressed[e.Fingerprint].Until;
                engine.Revise(incident.Id, i => i.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Not predicted: signal {e.Name} was in incident {dismissed}, whose prediction was dismissed; re-prediction suppressed until {until:u}"), at), changes);
                Interlocked.Increment(ref _suppressedCount);
                return;
            }
        }

        long started = Stopwatch.GetTimestamp();
        var features = FeatureExtractor.Extract(_tracker.Events(incident.Id), at, _criticality, _tracker.History);
        var score = loaded.Scorer.Score(features);
        Interlocked.Add(ref _scoreTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _scored);
        if (!score.Raised)
        {
            return;
        }

        var horizon = _options.Horizon.TotalMinutes;
        var text = score.Describe() + (loaded.IsColdStart ? " [cold start: no trained model yet]" : "")
            + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; horizon {horizon:0.#} min");
        engine.Revise(incident.Id, i => i.OpenAsPredicted(text, at), changes);
        predictions.Add(new PredictionRecord(incident.Id, at, score.Probability, score.Threshold, score.Method, horizon,
            FeaturesJson(features), ExplanationJson(score.Explanation, _options.ExplanationFeatures)));
        Interlocked.Increment(ref _predicted);
    }

    private void Finish(long id, Incident incident)
    {
        bool? outcome = _outcomes.Remove(id, out var known) ? known : _impacted.Contains(id) ? true : incident.State == IncidentState.Closed ? false : null;
        _tracker.Forget(id, incident.UpdatedAt, outcome);
        _impacted.Remove(id);
    }

    private void RefreshCriticality()
    {
        if (_rules is null || _rules.Version == _rulesVersion || _options.EntryServices.Count == 0)
        {
            return;
        }

        var topology = _rules.Topology;
        var calls = topology.Nodes.SelectMany(node => topology.DependenciesOf(node).Select(dependency => (node, dependency)));
        _criticality = ServiceCriticality.FromCalls(calls, _options.EntryServices);
        _rulesVersion = _rules.Version;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>The feature vector as a JSON object, name → value.</summary>
    internal static string FeaturesJson(float[] features)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (int i = 0; i < features.Length; i++)
            {
                writer.WriteNumber(FeatureSchema.Names[i], features[i]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The strongest contributions as a JSON array of {feature, value, contribution}.</summary>
    internal static string ExplanationJson(IReadOnlyList<FeatureContribution> explanation, int max)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var c in explanation.Take(max))
            {
                writer.WriteStartObject();
                writer.WriteString("feature", c.Feature);
                writer.WriteNumber("value", c.Value);
                writer.WriteNumber("contribution", Math.Round(c.Contribution, 4));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
