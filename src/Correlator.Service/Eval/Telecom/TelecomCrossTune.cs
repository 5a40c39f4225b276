using System.Globalization;
using Correlator.Correlation.Learning;

namespace Correlator.Service.Eval.Telecom;

/// <summary>
/// Guards the Hawkes figures against tuning to one expert graph: picks the kernel time constant, the penalty and
/// whether same-second onsets excite each other on each data set from a small grid (best F1 there, the first in grid order on a tie) and reports
/// what that choice scores on every other data set.
/// </summary>
internal static class TelecomCrossTune
{
    private static readonly int[] DecaySeconds = [30, 300, 3000];
    private static readonly double[] Penalties = [0, 0.25, 1, 4];
    private static readonly bool[] Simultaneous = [true, false];

    public static async Task RunAsync(List<TelecomData> sets, HawkesSettings defaults, Dictionary<string, object> figures, TextWriter output)
    {
        var grid = (from decay in DecaySeconds
                    from penalty in Penalties
                    from simultaneous in Simultaneous
                    select defaults with { Decay = TimeSpan.FromSeconds(decay), Penalty = penalty, Simultaneous = simultaneous }).ToList();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cross-tuning: {grid.Count} settings (time constant {string.Join('/', DecaySeconds)} s x penalty {string.Join('/', Penalties)} x simultaneous yes/no; hops {defaults.Hops}, device baseline {(defaults.ComponentBaseline ? "yes" : "no")})")).ConfigureAwait(false);
        var scores = sets.Select(set => grid.Select(settings => TelecomHawkes.Learn(set, settings).Score).ToList()).ToList();
        for (int tuned = 0; tuned < sets.Count; tuned++)
        {
            int best = 0;
            for (int i = 1; i < grid.Count; i++)
            {
                if (scores[tuned][i].F1 > scores[tuned][best].F1)
                {
                    best = i;
                }
            }

            var choice = grid[best];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  tuned on {sets[tuned].Name}: time constant {choice.Decay.TotalSeconds} s, penalty {choice.Penalty}, simultaneous {(choice.Simultaneous ? "yes" : "no")}: F1 there {scores[tuned][best].F1:F3}")).ConfigureAwait(false);
            for (int other = 0; other < sets.Count; other++)
            {
                if (other == tuned)
                {
                    continue;
                }

                var score = scores[other][best];
                var key = sets[other].Key;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    on {sets[other].Name}: {score.Learnt} learnt, {score.TruePositives} in the expert graph: precision {score.Precision:F3}, recall {score.Recall:F3}, F1 {score.F1:F3} (published best THP {TelecomCommand.Published(key)})")).ConfigureAwait(false);
                figures[$"{key}_thp_crosstuned_f1"] = Math.Round(score.F1, 3);
                figures[$"{key}_thp_crosstuned_precision"] = Math.Round(score.Precision, 3);
                figures[$"{key}_thp_crosstuned_recall"] = Math.Round(score.Recall, 3);
            }
        }

        await output.WriteLineAsync("  every setting (F1 per data set):").ConfigureAwait(false);
        for (int i = 0; i < grid.Count; i++)
        {
            var s = grid[i];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {s.Decay.TotalSeconds,5} s  penalty {s.Penalty,4}  simultaneous {(s.Simultaneous ? "yes" : "no "),-3}: {string.Join("  ", sets.Select((set, j) => $"{set.Key} {scores[j][i].F1:F3} ({scores[j][i].Learnt} edges)"))}")).ConfigureAwait(false);
        }
    }
}
