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
    public sealed record Trial(string Name, ProblemMiningOptions Mining, ItsmScore Score, int Suggestions, int Largest);

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
                        MaxIncidents = given.MaxIncidents, MaxSpan = given.MaxSpan,
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
        return new Trial(name, mining, ItsmScore.Compute(part.ToDictionary(i => i.Id), miner.Problems, joinedAt), miner.Problems.Count,
            miner.Problems.Count == 0 ? 0 : miner.Problems.Max(p => p.IncidentIds.Count));
    }

    /// <summary>Windows for which <see cref="Reach"/> is reported: a burst rule's 30 minutes and 2 hours, a day, a week.</summary>
    public static IReadOnlyList<TimeSpan> ReachWindows { get; } = [TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    /// <summary>
    /// How much of a part's true pairs a time-window rule could reach at all: a problem's linked incidents, in opening
    /// order, are cut wherever two consecutive ones are more than <paramref name="window"/> apart; the pairs inside a piece
    /// are reachable. A rule keyed on fields reaches fewer (it also needs the fields to agree); one that chains through
    /// unlinked incidents of its signature could reach a few more, so this is a guide to the achievable recall, not a proof.
    /// </summary>
    public static (int Reachable, int True) Reach(List<UciIncident> part, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(part);
        int reachable = 0, all = 0;
        foreach (var problem in part.SelectMany(i => i.Problems.Select(p => (p, i))).GroupBy(x => x.p, x => x.i, StringComparer.Ordinal))
        {
            var times = problem.DistinctBy(i => i.Id).Select(i => i.OpenedAt).Order().ToList();
            all += times.Count * (times.Count - 1) / 2;
            int run = 1;
            for (int i = 1; i <= times.Count; i++)
            {
                if (i < times.Count && times[i] - times[i - 1] <= window)
                {
                    run++;
                    continue;
                }

                reachable += run * (run - 1) / 2;
                run = 1;
            }
        }

        return (reachable, all);
    }

    /// <summary>The problem with the most incidents in <paramref name="part"/>: its id and its share of the part's true pairs.</summary>
    public static (string? Problem, int Pairs) Largest(List<UciIncident> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var largest = part.SelectMany(i => i.Problems.Select(p => (p, i.Id))).GroupBy(x => x.p, x => x.Id, StringComparer.Ordinal)
            .Select(g => (Problem: g.Key, Count: g.Distinct().Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Problem, StringComparer.Ordinal).FirstOrDefault();
        return largest.Problem is null ? (null, 0) : (largest.Problem, largest.Count * (largest.Count - 1) / 2);
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
        foreach (var (name, part) in new[] { ("tuning part", train), ("held-out part", test) })
        {
            var (problem, largestPairs) = Largest(part);
            var reach = ReachWindows.Select(w => (Window: w, Reach: Reach(part, w))).ToList();
            int truePairs = reach[0].Reach.True;
            var reachText = string.Join(", ", reach.Select(r => string.Create(CultureInfo.InvariantCulture, $"{Window(r.Window)} {Share(r.Reach.Reachable, truePairs):P0}")));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {truePairs} true pairs, {largestPairs} of them ({Share(largestPairs, truePairs):P0}) in its largest problem ({problem ?? "none"}); share of true pairs whose problem's incidents follow each other within a window (about the recall a rule of that window can reach): {reachText}")).ConfigureAwait(false);
            var prefix = part == train ? "train" : "heldout";
            figures[$"{prefix}_true_pairs"] = truePairs;
            figures[$"{prefix}_largest_problem_pairs"] = largestPairs;
            foreach (var (window, (reachable, _)) in reach)
            {
                figures[$"{prefix}_reach_{Window(window)}"] = Math.Round(Share(reachable, truePairs), 3);
            }
        }

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
        figures["heldout_largest_suggestion"] = heldOut.Largest;
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : part / (double)whole;

    private static string Window(TimeSpan window) => window >= TimeSpan.FromDays(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalDays:0}d")
        : window >= TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalHours:0}h") : string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes:0}min");

    private static string Line(Trial trial) => string.Create(CultureInfo.InvariantCulture,
        $"{trial.Suggestions} suggestions (largest {trial.Largest}), pairs true {trial.Score.TruePairs} / predicted {trial.Score.PredictedPairs} / correct {trial.Score.CorrectPairs}; precision {trial.Score.Precision:F3}, recall {trial.Score.Recall:F3}, F1 {trial.Score.F1:F3}");
}
