using Correlator.Correlation;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

/// <summary>An engine and the change set that accumulates everything it did, as the store would hold it.</summary>
internal sealed class EngineDriver
{
    public EngineDriver(CorrelationOptions? options = null, PipelineSnapshot? snapshot = null, RuleSet? rules = null, TopologyGraph? topology = null)
    {
        Engine = new CorrelationEngine(options ?? new CorrelationOptions(), PriorityMatrix.Default, snapshot ?? PipelineSnapshot.Empty, null, rules, topology);
    }

    /// <summary>An engine with the rules of one YAML text.</summary>
    public static EngineDriver WithRules(string yaml, TopologyGraph? topology = null, CorrelationOptions? options = null) =>
        new(options, null, RuleSetParser.Parse("rules.yaml", yaml), topology);

    public CorrelationEngine Engine { get; }

    public ChangeSet Changes { get; } = new();

    public CorrelationStats Stats => Engine.Stats;

    /// <summary>The latest version of every incident touched, by id.</summary>
    public IReadOnlyList<Incident> Incidents => [.. Changes.Incidents.OrderBy(i => i.Id)];

    public void Feed(params IEnumerable<Signal> signals)
    {
        foreach (var signal in signals)
        {
            Engine.Process(signal, Changes);
        }
    }

    public void AdvanceTo(int seconds) => Engine.AdvanceTo(Some.At(seconds), Changes);

    public Incident Incident(long id) => Assert.Single(Changes.Incidents, i => i.Id == id);

    /// <summary>The current life of a fingerprint: the state first seen latest.</summary>
    public SignalState State(Signal signal) =>
        Changes.Signals.Where(s => s.Fingerprint == signal.Fingerprint).MaxBy(s => s.FirstSeenAt)
        ?? throw new InvalidOperationException($"No state for {signal.Fingerprint}.");

    /// <summary>What the store would load after this: the incidents not closed, their signal states, the watermark, the last id.</summary>
    public PipelineSnapshot Snapshot()
    {
        var open = Changes.Incidents.Where(i => i.State != IncidentState.Closed).ToList();
        var ids = open.Select(i => i.Id).ToHashSet();
        var signals = Changes.Signals.Where(s => s.IncidentId is { } id && ids.Contains(id)).ToList();
        return new PipelineSnapshot(open, signals, Changes.Watermark, Changes.LastIncidentId);
    }
}
