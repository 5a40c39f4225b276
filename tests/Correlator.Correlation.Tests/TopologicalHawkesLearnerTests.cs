using Correlator.Correlation.Learning;
using Correlator.Correlation.Topology;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class TopologicalHawkesLearnerTests
{
    private static readonly string[] Devices = ["d1", "d2", "d3", "d4", "d5", "d6"];
    private static readonly TopologyGraph Line = new([("d1", "d2"), ("d2", "d3"), ("d3", "d4"), ("d4", "d5"), ("d5", "d6")]);

    [Fact]
    public void Learn_Chain_FindsTheDirectCausesOnlyAndTheirDirection()
    {
        // A -> B -> C on the same device, plus unrelated noise: every C follows an A too, but only through B.
        var onsets = Simulate(seed: 1, (cause, effect) => (cause, effect) is ("A", "B") or ("B", "C"), effectOnNeighbour: false);
        var learner = Fed(new HawkesSettings(), onsets);
        var cooccurrence = new CooccurrenceLearner(TimeSpan.FromMinutes(5), Line);
        foreach (var (type, device, at) in onsets)
        {
            cooccurrence.Observe(type, device, at);
        }

        var learnt = learner.Learn();

        Assert.Equal([("A", "B"), ("B", "C")], learnt.Select(r => (r.Cause, r.Effect)).Order());
        Assert.All(learnt, r => Assert.True(r.LogLikelihoodGain > 0 && r.Excitation > 0, r.ToString()));
        // Counting co-occurrence cannot tell the indirect A -> C from the direct causes: the test separates the two.
        Assert.Contains(cooccurrence.Proposals(20, 0.2, 1.2), p => (p.Cause, p.Effect) == ("A", "C"));
    }

    [Fact]
    public void Learn_CommonCause_NoEdgeBetweenItsEffects()
    {
        // A -> B and A -> C: B and C come together after every A, yet neither causes the other.
        var onsets = Simulate(seed: 2, (cause, effect) => (cause, effect) is ("A", "B") or ("A", "C"), effectOnNeighbour: false);

        var learnt = Fed(new HawkesSettings(), onsets).Learn();

        Assert.Equal([("A", "B"), ("A", "C")], learnt.Select(r => (r.Cause, r.Effect)).Order());
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void Learn_EffectOnTheNeighbour_FoundOnlyWithinTheHops(int hops, bool found)
    {
        var onsets = Simulate(seed: 3, (cause, effect) => (cause, effect) is ("A", "B"), effectOnNeighbour: true);

        var learnt = Fed(new HawkesSettings { Hops = hops }, onsets).Learn();

        Assert.Equal(found, learnt.Any(r => (r.Cause, r.Effect) == ("A", "B")));
        Assert.DoesNotContain(learnt, r => (r.Cause, r.Effect) == ("B", "A"));
    }

    [Fact]
    public void Learn_SameStreamTwice_SameRelations()
    {
        var onsets = Simulate(seed: 4, (cause, effect) => (cause, effect) is ("A", "B") or ("B", "C"), effectOnNeighbour: false);

        var first = Fed(new HawkesSettings { ComponentBaseline = true }, onsets).Learn();
        var second = Fed(new HawkesSettings { ComponentBaseline = true }, onsets).Learn();

        Assert.Equal(first, second);
        Assert.NotEmpty(first);
    }

    [Fact]
    public void Observe_BeyondMaxEvents_KeepsTheNewest()
    {
        var learner = new TopologicalHawkesLearner(new HawkesSettings { MaxEvents = 10 }, Line);
        for (int i = 0; i < 25; i++)
        {
            learner.Observe("A", "d1", Some.At(i));
        }

        Assert.Equal(10, learner.Buffered);
        Assert.Empty(learner.Learn()); // one type: nothing to relate
    }

    [Theory]
    [InlineData("Decay")]
    [InlineData("Hops")]
    [InlineData("MaxEvents")]
    [InlineData("Penalty")]
    public void Constructor_SettingOutOfRange_ThrowsNamingIt(string name)
    {
        var settings = name switch
        {
            "Decay" => new HawkesSettings { Decay = TimeSpan.FromMilliseconds(10) },
            "Hops" => new HawkesSettings { Hops = 9 },
            "MaxEvents" => new HawkesSettings { MaxEvents = 1 },
            _ => new HawkesSettings { Penalty = double.NaN },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TopologicalHawkesLearner(settings, Line));

        Assert.Equal(name, error.ParamName);
        Assert.Contains("HawkesSettings." + name, error.Message, StringComparison.Ordinal);
    }

    private static TopologicalHawkesLearner Fed(HawkesSettings settings, List<(string Type, string Device, DateTimeOffset At)> onsets)
    {
        var learner = new TopologicalHawkesLearner(settings, Line);
        foreach (var (type, device, at) in onsets)
        {
            learner.Observe(type, device, at);
        }

        return learner;
    }

    /// <summary>
    /// Roots of type A at random times and devices; each edge fires with probability 0.8 after 1 s plus an exponential
    /// delay (mean 20 s), on the same device or the next one along the line. Types B, C and an unrelated N also start
    /// on their own, at random, and cause their effects the same way.
    /// </summary>
    private static List<(string Type, string Device, DateTimeOffset At)> Simulate(int seed, Func<string, string, bool> causes, bool effectOnNeighbour)
    {
        var random = new Random(seed);
        string[] types = ["A", "B", "C"];
        var onsets = new List<(string, string, int)>();
        const int Span = 400 * 3_600;
        void Fire(string type, int device, int at)
        {
            onsets.Add((type, Devices[device], at));
            foreach (var effect in types.Where(t => causes(type, t)))
            {
                if (random.NextDouble() < 0.8)
                {
                    int delay = 1 + (int)(-20 * Math.Log(1 - random.NextDouble()));
                    Fire(effect, effectOnNeighbour ? Math.Min(device + 1, Devices.Length - 1) : device, at + delay);
                }
            }
        }

        for (int i = 0; i < 400; i++)
        {
            Fire("A", random.Next(Devices.Length - 1), random.Next(Span));
        }

        // Onsets without a cause of their own still cause their effects (B -> C holds for every B).
        foreach (var type in new[] { "B", "C", "N", "N" })
        {
            for (int i = 0; i < 100; i++)
            {
                Fire(type, random.Next(Devices.Length - 1), random.Next(Span));
            }
        }

        return [.. onsets.OrderBy(o => o.Item3).Select(o => (o.Item1, o.Item2, Some.At(o.Item3)))];
    }
}
