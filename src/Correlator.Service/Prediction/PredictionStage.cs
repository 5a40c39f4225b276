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
    private readonly ClusterTracker _tracker;
    private readonly Dictionary<long, Signal> _impactThisBatch = [];
    private readonly HashSet<long> _impacted = [];
    private readonly Dictionary<long, bool> _outcomes = [];
    private ServiceCriticality _criticality = ServiceCriticality.None;
    private int _rulesVersion = -1;
    private long _scored;
    private long _scoreTicks;
    private long _predicted;
    private long _confirmedByImpact;

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

    /// <summary>Records a person's verdict so the similar-cluster history learns it when the cluster ends.</summary>
    public void RecordVerdict(long incidentId, bool label) => _outcomes[incidentId] = label;

    private void ScoreOpening(CorrelationEngine engine, ChangeSet changes, Incident incident, List<PredictionRecord> predictions)
    {
        var loaded = _models.Current;
        var at = incident.LastSignalAt;
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
