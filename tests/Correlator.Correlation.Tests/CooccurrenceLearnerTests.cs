using Correlator.Correlation.Learning;
using Correlator.Correlation.Topology;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class CooccurrenceLearnerTests
{
    private static readonly TopologyGraph Line = new([("d1", "d2"), ("d2", "d3")]);

    [Fact]
    public void Proposals_CauseAlwaysBeforeEffectNearby_ProposedOneWayOnly()
    {
        var learner = new CooccurrenceLearner(TimeSpan.FromMinutes(1), Line);
        for (int i = 0; i < 30; i++)
        {
            learner.Observe("LinkDown", "d1", Some.At(i * 600));
            learner.Observe("CrcErrors", "d2", Some.At((i * 600) + 10)); // neighbour, 10 s later
            learner.Observe("Noise", "d3", Some.At((i * 600) + 300));    // far from both in time
        }

        var proposals = learner.Proposals(minSupport: 20, minConfidence: 0.5, minAsymmetry: 1.2);

        var only = Assert.Single(proposals);
        Assert.Equal(("LinkDown", "CrcErrors", 30L, 1.0, 0.0), (only.Cause, only.Effect, only.Support, only.Confidence, only.Reverse));
        Assert.Contains("sources: [{match: {name: \"LinkDown\"}}]", only.RuleYaml, StringComparison.Ordinal);
        Assert.Single(Correlator.Correlation.Rules.RuleSetParser.Parse("p.yaml", only.RuleYaml).Inhibitions);
    }

    [Theory]
    [InlineData("d2", 1, 30)]  // adjacent device: counted
    [InlineData("d3", 1, 0)]   // two hops away: not with hops 1
    [InlineData("d3", 2, 30)]
    [InlineData("d1", 0, 30)]  // same device always counts
    public void Support_DependsOnTopologyDistance(string effectDevice, int hops, long expected)
    {
        var learner = new CooccurrenceLearner(TimeSpan.FromMinutes(1), Line, hops);
        for (int i = 0; i < 30; i++)
        {
            learner.Observe("A", "d1", Some.At(i * 600));
            learner.Observe("B", effectDevice, Some.At((i * 600) + 5));
        }

        Assert.Equal(expected, learner.Support("A", "B"));
    }

    [Fact]
    public void Support_OutsideWindow_NotCounted()
    {
        var learner = new CooccurrenceLearner(TimeSpan.FromSeconds(30), Line);
        learner.Observe("A", "d1", Some.At(0));
        learner.Observe("B", "d1", Some.At(31));

        Assert.Equal(0, learner.Support("A", "B"));
    }

    [Fact]
    public void Support_ManyOnsets_SameAsScanningEveryOnsetInTheWindow()
    {
        // The learner indexes recent onsets by component; the reference scans them all, as the definition says.
        var random = new Random(5);
        string[] types = ["A", "B", "C", "D"];
        string[] devices = ["d1", "d2", "d3", "d4"];
        var window = TimeSpan.FromSeconds(20);
        var learner = new CooccurrenceLearner(window, Line);
        var onsets = new List<(DateTimeOffset At, string Type, string Device)>();
        var expected = new Dictionary<(string, string), long>();
        int seconds = 0;
        for (int i = 0; i < 2_000; i++)
        {
            seconds += random.Next(0, 4);
            var (at, type, device) = (Some.At(seconds), types[random.Next(types.Length)], devices[random.Next(devices.Length)]);
            var near = new HashSet<string>(StringComparer.Ordinal) { device };
            Line.Walk(device, 1, (node, _) => near.Add(node) | true);
            foreach (var earlier in onsets.Where(o => o.At >= at - window && o.Type != type && near.Contains(o.Device)).Select(o => o.Type).Distinct())
            {
                expected[(earlier, type)] = expected.GetValueOrDefault((earlier, type)) + 1;
            }

            onsets.Add((at, type, device));
            learner.Observe(type, device, at);
        }

        Assert.NotEmpty(expected);
        foreach (var cause in types)
        {
            foreach (var effect in types)
            {
                Assert.Equal(expected.GetValueOrDefault((cause, effect)), learner.Support(cause, effect));
            }
        }
    }

    [Fact]
    public void Support_FirstTypeOnAComponentExpires_TheOthersThereStillCount()
    {
        // One component, several types: the first one seen there leaves the window while the later ones stay in it.
        var learner = new CooccurrenceLearner(TimeSpan.FromSeconds(60), Line, hops: 0);
        learner.Observe("A", "d1", Some.At(0));
        learner.Observe("B", "d1", Some.At(30));
        learner.Observe("C", "d1", Some.At(40));
        learner.Observe("D", "d1", Some.At(80));   // A expired at 60; B and C still within the window
        learner.Observe("E", "d1", Some.At(95));   // B expired at 90; C and D still within the window

        Assert.Equal(
            (0L, 1L, 1L, 0L, 1L, 1L),
            (learner.Support("A", "D"), learner.Support("B", "D"), learner.Support("C", "D"), learner.Support("B", "E"), learner.Support("C", "E"), learner.Support("D", "E")));
    }
}
