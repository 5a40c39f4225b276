using System.Globalization;
using Correlator.Incidents;

namespace Correlator.Service.Eval;

/// <summary>
/// Held-out scoring of problem suggestion for <c>eval itsm</c>: the log is cut in time order (opening time); a small
/// grid of mining settings is scored on the earlier part only and the best one (highest F1 among those with precision
/// ≥ 0.8 there, else highest F1) is then scored on the later part, which nothing was tuned on. The command's own
/// settings (default: the ones measured best on the whole log) are scored on both parts too, for comparison; their
/// held-out figure is not clean, since they were chosen with the later part in view.
/// </summary>
internal static class ItsmHoldout
{
    /// <summary>One setting of the grid and its score on a part of the log.</summary>
    public sealed record Trial(string Name, ProblemMiningOptions Mining, ItsmScore Score, int Suggestions);

    /// <summary>Splits the (time-ordered) log: the first <paramref name="trainShare"/> of incidents, and the rest.</summary>
    public static (List<UciIncident> Train, List<UciIncident> Test) Split(List<UciIncident> ordered, double trainShare)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var cut = (int)Math.Round(ordered.Count * trainShare);
        return (ordered.Take(cut).ToList(), ordered.Skip(cut).ToList());
    }

    /// <summary>The grid: primary signature with k 2..3 and windows of 15, 30, 60 minutes; a resolver-group rule off, (3, 60 min) or (4, 120 min).</summary>
    public static IEnumerable<(string Name, ProblemMiningOptions Mining)> Grid(ProblemMiningOptions given)
    {
        ArgumentNullException.ThrowIfNull(given);
        foreach (var k in new[] { 2, 3 })
        {
            foreach (var minutes in new[] { 15, 30, 60 })
            {
                foreach (var also in new (int K, int Minutes)?[] { null, (3, 60), (4, 120) })
                {
                    var mining = new ProblemMiningOptions
                    {
                        Signature = [.. given.Signature], Seasonal = false, Episodes = given.Episodes, MinOccurrences = k, Window = TimeSpan.FromMinutes(minutes),
                        AlsoSignatures = also is { } a ? [new ProblemMinerRule { Signature = ["group"], MinOccurrences = a.K, Window = TimeSpan.FromMinutes(a.Minutes) }] : [],
                    };
                    var name = string.Create(CultureInfo.InvariantCulture, $"{string.Join(",", given.Signature)} k={k} {minutes} min{(also is { } r ? $"; also group k={r.K} {r.Minutes} min" : "")}");
                    yield return (name, mining);
                }
            }
        }
    }

    /// <summary>Mines one part of the log from an empty history and scores it against that part's own problem links.</summary>
    public static Trial Score(string name, List<UciIncident> part, ProblemMiningOptions mining, bool opening)
    {
        var (miner, joinedAt) = ItsmEvalCommand.Mine(part, mining, opening);
        return new Trial(name, mining, ItsmScore.Compute(part.ToDictionary(i => i.Id), miner.Problems, joinedAt), miner.Problems.Count);
    }

    /// <summary>The grid's best setting on <paramref name="train"/>.</summary>
    public static Trial Tune(List<UciIncident> train, ProblemMiningOptions given, bool opening)
    {
        var trials = Grid(given).Select(g => Score(g.Name, train, g.Mining, opening)).ToList();
        var precise = trials.Where(t => t.Score.Precision >= 0.8).ToList();
        return (precise.Count > 0 ? precise : trials).OrderByDescending(t => t.Score.F1).ThenByDescending(t => t.Score.Precision).First();
    }

    public static async Task ReportAsync(TextWriter output, List<UciIncident> ordered, ProblemMiningOptions given, bool opening, double trainShare, Dictionary<string, object> figures)
    {
        var (train, test) = Split(ordered, trainShare);
        if (train.Count == 0 || test.Count == 0)
        {
            return;
        }

        var tuned = Tune(train, given, opening);
        var heldOut = Score(tuned.Name, test, tuned.Mining, opening);
        var givenTrain = Score("given", train, given, opening);
        var givenTest = Score("given", test, given, opening);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Held-out evaluation (time order): tuning part {train.Count} incidents opened {train[0].OpenedAt:yyyy-MM-dd} to {train[^1].OpenedAt:yyyy-MM-dd}, "
            + $"held-out part {test.Count} incidents opened {test[0].OpenedAt:yyyy-MM-dd} to {test[^1].OpenedAt:yyyy-MM-dd}\n"
            + $"  tuned on the first part ({Grid(given).Count()} settings): {tuned.Name}\n"
            + $"    tuning part:   {Line(tuned)}\n"
            + $"    held-out part: {Line(heldOut)}\n"
            + $"  the command's settings (chosen on the whole log, so not a clean held-out figure):\n"
            + $"    tuning part:   {Line(givenTrain)}\n"
            + $"    held-out part: {Line(givenTest)}\n"
            + $"  held-out goal precision >= 0.8 at recall >= 0.5: {(heldOut.Score.Precision >= 0.8 && heldOut.Score.Recall >= 0.5 ? "met" : "not met")}")).ConfigureAwait(false);
        figures["train_share"] = trainShare;
        figures["tuned_setting"] = tuned.Name;
        figures["tuned_train_precision"] = Math.Round(tuned.Score.Precision, 3);
        figures["tuned_train_recall"] = Math.Round(tuned.Score.Recall, 3);
        figures["tuned_train_f1"] = Math.Round(tuned.Score.F1, 3);
        figures["heldout_precision"] = Math.Round(heldOut.Score.Precision, 3);
        figures["heldout_recall"] = Math.Round(heldOut.Score.Recall, 3);
        figures["heldout_f1"] = Math.Round(heldOut.Score.F1, 3);
        figures["given_heldout_precision"] = Math.Round(givenTest.Score.Precision, 3);
        figures["given_heldout_recall"] = Math.Round(givenTest.Score.Recall, 3);
        figures["given_heldout_f1"] = Math.Round(givenTest.Score.F1, 3);
    }

    private static string Line(Trial trial) => string.Create(CultureInfo.InvariantCulture,
        $"{trial.Suggestions} suggestions, pairs true {trial.Score.TruePairs} / predicted {trial.Score.PredictedPairs} / correct {trial.Score.CorrectPairs}; precision {trial.Score.Precision:F3}, recall {trial.Score.Recall:F3}, F1 {trial.Score.F1:F3}");
}
