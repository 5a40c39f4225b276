namespace Correlator.Prediction;

/// <summary>The threshold chosen on validation data, and whether it reaches the target precision there.</summary>
public sealed record ThresholdChoice(double Threshold, double Precision, double Recall, bool TargetMet);

/// <summary>
/// Picks the lowest score threshold whose precision on validation data reaches the target with at least
/// <c>minRaised</c> raised samples (most recall at that precision); when none does, the most precise one.
/// </summary>
public static class ThresholdSelector
{
    public static ThresholdChoice ForPrecision(IReadOnlyList<(double Score, bool Label)> scored, double targetPrecision, int minRaised = 3)
    {
        ArgumentNullException.ThrowIfNull(scored);
        if (targetPrecision is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetPrecision), targetPrecision, "The target precision is in (0, 1].");
        }

        int positives = scored.Count(s => s.Label);
        var ordered = scored.OrderByDescending(s => s.Score).ToList();
        ThresholdChoice? met = null, best = null;
        int raised = 0, hits = 0;
        for (int i = 0; i < ordered.Count;)
        {
            int j = i;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                hits += ordered[j].Label ? 1 : 0;
                j++;
            }

            raised += j - i;
            double precision = hits / (double)raised, recall = positives == 0 ? 0 : hits / (double)positives;
            var choice = new ThresholdChoice(ordered[i].Score, precision, recall, precision >= targetPrecision);
            if (raised >= minRaised && precision >= targetPrecision)
            {
                met = choice;
            }

            if (raised >= minRaised && (best is null || precision > best.Precision))
            {
                best = choice;
            }

            i = j;
        }

        return met ?? best ?? new ThresholdChoice(1.0, 0, 0, false);
    }
}
