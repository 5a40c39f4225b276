namespace Correlator.Incidents.Tests;

public sealed class ProblemMinerRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static HistoricIncident Inc(long id, double minutes, string category, string group) =>
        new(id, T0.AddMinutes(minutes), T0.AddMinutes(minutes + 30), "INC" + id) { Category = category, Group = group };

    [Fact]
    public void Observe_MainSignatureAndARule_EachProposeWithTheirOwnKAndWindow()
    {
        // Category "net": 1, 2 within 30 min (k = 2) → a burst. Group "desk": 3..6 within 2 h (k = 4) → a burst;
        // group "db": 7, 8 only twice → nothing by the rule; category "disk": 3 and 6 are 90 min apart → nothing.
        HistoricIncident[] history =
        [
            Inc(1, 0, "net", "ops"), Inc(2, 20, "net", "db"), Inc(3, 30, "disk", "desk"), Inc(4, 60, "app", "desk"),
            Inc(5, 90, "mail", "desk"), Inc(6, 120, "disk", "desk"), Inc(7, 200, "x", "db2"), Inc(8, 210, "y", "db2"),
        ];
        var miner = new ProblemMiner(new ProblemMiningOptions
        {
            Signature = ["category"], MinOccurrences = 2, Window = TimeSpan.FromMinutes(30), Seasonal = false, Episodes = true,
            AlsoSignatures = [new ProblemMinerRule { Signature = ["group"], MinOccurrences = 4, Window = TimeSpan.FromHours(2) }],
        }, []);

        foreach (var incident in history)
        {
            miner.Observe(incident);
        }

        var groups = miner.Problems.OrderBy(p => p.Id).Select(p => (p.Signature, Ids: string.Join(",", p.IncidentIds.Order()))).ToList();
        Assert.Equal([("category=net", "1,2"), ("rule1|group=desk", "3,4,5,6")], groups);
    }

    [Fact]
    public void Observe_RuleMaxIncidents_OverridesTheOptions_ForThatRuleOnly()
    {
        // Category "net" and group "desk" on every incident, 10 minutes apart: the main signature is uncapped, the rule caps at 3.
        var miner = new ProblemMiner(new ProblemMiningOptions
        {
            Signature = ["category"], MinOccurrences = 2, Window = TimeSpan.FromMinutes(30), Seasonal = false, Episodes = true, MaxIncidents = 0,
            AlsoSignatures = [new ProblemMinerRule { Signature = ["group"], MinOccurrences = 2, Window = TimeSpan.FromMinutes(30), MaxIncidents = 3 }],
        }, []);
        for (int i = 1; i <= 6; i++)
        {
            miner.Observe(Inc(i, i * 10, "net", "desk"));
        }

        var groups = miner.Problems.OrderBy(p => p.Id).Select(p => (Rule: p.Signature.StartsWith("rule1|", StringComparison.Ordinal), Ids: string.Join(",", p.IncidentIds.Order()))).ToList();
        Assert.Equal([(false, "1,2,3,4,5,6"), (true, "1,2,3"), (true, "4,5,6")], groups);
    }

    [Fact]
    public void Check_RuleMaxIncidentsBelowK_NamesTheKey()
    {
        var errors = ProblemMinerRule.Check([new ProblemMinerRule { Signature = ["group"], MinOccurrences = 3, MaxIncidents = 2, MaxSpan = TimeSpan.FromHours(-1) }], "Problems:AlsoSignatures");

        Assert.Contains(errors, e => e.StartsWith("Problems:AlsoSignatures:0:MaxIncidents: 2 must be 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Problems:AlsoSignatures:0:MaxSpan", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidRule_ThrowsNamingTheRuleAndField()
    {
        var options = new ProblemMiningOptions { AlsoSignatures = [new ProblemMinerRule { Signature = ["colour"], MinOccurrences = 1 }] };

        var error = Assert.Throws<ArgumentException>(() => new ProblemMiner(options, []));

        Assert.Contains("AlsoSignatures:0:Signature: unknown field 'colour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AlsoSignatures:0:MinOccurrences", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { }, 60, 0)]
    [InlineData(new double[] { 0 }, 60, 1)]
    [InlineData(new double[] { 0, 30, 60, 61, 200 }, 60, 3)]
    [InlineData(new double[] { 200, 0, 61, 30, 60 }, 60, 3)]
    [InlineData(new double[] { 0, 100, 200 }, 60, 1)]
    public void PeakCount_MostTimesWithinOneWindow(double[] minutes, int windowMinutes, int expected) =>
        Assert.Equal(expected, ProblemMiner.PeakCount(minutes.Select(m => T0.AddMinutes(m)), TimeSpan.FromMinutes(windowMinutes)));
}
