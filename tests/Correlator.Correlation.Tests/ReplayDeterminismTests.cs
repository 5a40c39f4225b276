using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Domain;

namespace Correlator.Correlation.Tests;

public sealed class ReplayDeterminismTests
{
    private const string Rules = """
        grouping:
          - name: per-service
            match_re: {service: "checkout|payments"}
            by: [service]
            window: 3m
            max_lifetime: 30m
            min_occurrences: 2
        inhibition:
          - name: disk
            sources: [{match: {name: DiskFull}}]
            target: {match: {name: HighLatency}}
            equal: [resource]
        maintenance:
          - name: nightly
            match: {service: search}
            cron: "*/20 * * * *"
            duration: 5m
        flapping:
          - name: flappy
            max_changes: 2
            window: 5m
            stable_for: 5m
        topology:
          hops: 1
          window: 5m
        """;

    private static readonly TopologyGraph Graph = new([("web-1", "db-1"), ("web-2", "db-1"), ("web-3", "cache-1"), ("checkout", "payments")]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Process_SameStreamTwiceWithRulesAndTopology_IdenticalIncidents(int seed)
    {
        var stream = SignalStream.Generate(seed, 3_000, lateSeconds: 30);

        var first = Run(stream);
        var second = Run(stream);

        Assert.True(first.Incidents.Count > 10, $"only {first.Incidents.Count} incidents");
        Assert.Equal(first.Incidents, second.Incidents);
        Assert.Equal(first.Changes.Signals.OrderBy(s => s.Fingerprint, StringComparer.Ordinal).ThenBy(s => s.FirstSeenAt), second.Changes.Signals.OrderBy(s => s.Fingerprint, StringComparer.Ordinal).ThenBy(s => s.FirstSeenAt));
        Assert.True(first.Stats.Pending + first.Stats.Suppressed + first.Stats.FlappingHeld + first.Stats.TopologyJoined > 0);
    }

    private static EngineDriver Run(IReadOnlyList<Signal> stream)
    {
        var driver = new EngineDriver(null, null, RuleSetParser.Parse("rules.yaml", Rules), Graph);
        driver.Feed(stream);
        return driver;
    }
}
