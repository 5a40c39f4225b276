using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Service.Eval;

namespace Correlator.Service.Tests.Eval;

/// <summary>The held-out split of <c>eval itsm</c>: time order, tuning sees only the first part, scoring only counts pairs within a part.</summary>
public sealed class ItsmHoldoutTests
{
    private static readonly DateTimeOffset T0 = new(2016, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static UciIncident Incident(long id, double minutes, string category, params string[] problems) => new(
        id, "INC" + id, T0.AddMinutes(minutes), null, null, Priority.P3, true, 0, [], category, null, null, null, "g" + id,
        new HashSet<string>(problems, StringComparer.Ordinal), problems.Length > 0 ? T0.AddDays(1) : null);

    /// <summary>Early: a burst of "db" (problem A) and a pair of "net" 50 minutes apart (problem B). Late: a burst of "disk" (problem C) and a lone "db".</summary>
    private static List<UciIncident> Log() =>
    [
        Incident(1, 0, "db", "A"), Incident(2, 5, "db", "A"), Incident(3, 10, "db", "A"),
        Incident(4, 100, "net", "B"), Incident(5, 150, "net", "B"),
        Incident(6, 10_000, "disk", "C"), Incident(7, 10_010, "disk", "C"), Incident(8, 20_000, "db"),
    ];

    [Fact]
    public void Split_TimeOrderedLog_FirstShareIsTheTuningPart()
    {
        var (train, test) = ItsmHoldout.Split(Log(), 0.6);

        Assert.Equal([1L, 2, 3, 4, 5], train.Select(i => i.Id));
        Assert.Equal([6L, 7, 8], test.Select(i => i.Id));
    }

    [Fact]
    public void TuneThenScore_PicksOnTheFirstPart_AndScoresTheLaterPartOnItsOwnPairs()
    {
        var (train, test) = ItsmHoldout.Split(Log(), 0.6);
        var given = new ProblemMiningOptions { Signature = ["category"], Seasonal = false, Episodes = true };

        var tuned = ItsmHoldout.Tune(train, given, opening: false);
        var heldOut = ItsmHoldout.Score(tuned.Name, test, tuned.Mining, opening: false);

        // Only a 60-minute window joins the "net" pair (50 min apart): the tuning part picks it, k=2.
        Assert.Equal((2, TimeSpan.FromMinutes(60)), (tuned.Mining.MinOccurrences, tuned.Mining.Window));
        Assert.Equal((4, 4, 1.0), (tuned.Score.TruePairs, tuned.Score.CorrectPairs, tuned.Score.Recall));
        Assert.Equal((1, 1, 1.0, 1.0), (heldOut.Score.TruePairs, heldOut.Score.CorrectPairs, heldOut.Score.Precision, heldOut.Score.Recall));
    }

    [Fact]
    public void Reach_CutsEachProblemWhereItsIncidentsAreFurtherApartThanTheWindow()
    {
        // Problem A: 0, 5, 10 min (3 pairs); problem B: 100, 150 min (1 pair); problem C: 10,000, 10,010 min (1 pair).
        var log = Log();

        Assert.Equal((3, 5), ItsmHoldout.Reach(log, TimeSpan.FromMinutes(5)));
        Assert.Equal((4, 5), ItsmHoldout.Reach(log, TimeSpan.FromMinutes(10)));
        Assert.Equal((5, 5), ItsmHoldout.Reach(log, TimeSpan.FromMinutes(50)));
        Assert.Equal((0, 5), ItsmHoldout.Reach(log, TimeSpan.FromMinutes(4)));
    }

    [Fact]
    public void Reach_APieceInTheMiddle_CountsOnlyThePairsInsideEachPiece()
    {
        // One problem at 0, 1, 2 and 100, 101 minutes: with a 1-minute window, pieces of 3 and 2 → 3 + 1 of 10 pairs.
        List<UciIncident> log = [Incident(1, 0, "x", "P"), Incident(2, 1, "x", "P"), Incident(3, 2, "x", "P"), Incident(4, 100, "x", "P"), Incident(5, 101, "x", "P")];

        Assert.Equal((4, 10), ItsmHoldout.Reach(log, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Largest_NamesTheProblemWithMostIncidents_AndItsPairs()
    {
        Assert.Equal(("A", 3), ItsmHoldout.Largest(Log()));
        Assert.Equal(((string?)null, 0), ItsmHoldout.Largest([Incident(9, 0, "x")]));
    }
}
