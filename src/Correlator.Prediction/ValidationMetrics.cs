namespace Correlator.Prediction;

/// <summary>Metrics of a scorer on held-out samples: ranking (AUC, average precision) and at the chosen threshold.</summary>
public sealed record ValidationMetrics(int Rows, int Positives, double Auc, double AveragePrecision, double Precision, double Recall, int Raised)
{
    public static ValidationMetrics Compute(IReadOnlyList<(double Score, bool Label)> scored, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scored);
        int positives = scored.Count(s => s.Label);
        int raised = scored.Count(s => s.Score >= threshold);
        int hits = scored.Count(s => s.Label && s.Score >= threshold);
        return new ValidationMetrics(
            scored.Count, positives, RankAuc(scored, positives), MeanPrecision(scored, positives),
            raised == 0 ? 0 : hits / (double)raised, positives == 0 ? 0 : hits / (double)positives, raised);
    }

    /// <summary>Mann-Whitney: the chance a positive outranks a negative (ties count half); 0.5 with a single class.</summary>
    private static double RankAuc(IReadOnlyList<(double Score, bool Label)> scored, int positives)
    {
        int negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return 0.5;
        }

        var ordered = scored.OrderBy(s => s.Score).ToList();
        double rankSum = 0;
        for (int i = 0; i < ordered.Count;)
        {
            int j = i;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                j++;
            }

            double rank = (i + 1 + j) / 2.0; // mean 1-based rank of the tie block
            for (int k = i; k < j; k++)
            {
                rankSum += ordered[k].Label ? rank : 0;
            }

            i = j;
        }

        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Mean of the precision at each positive, scores descending (ties taken as one block).</summary>
    private static double MeanPrecision(IReadOnlyList<(double Score, bool Label)> scored, int positives)
    {
        if (positives == 0)
        {
            return 0;
        }

        var ordered = scored.OrderByDescending(s => s.Score).ToList();
        double sum = 0;
        int seen = 0, hits = 0;
        for (int i = 0; i < ordered.Count;)
        {
            int j = i, blockHits = 0;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                blockHits += ordered[j].Label ? 1 : 0;
                j++;
            }

            seen += j - i;
            hits += blockHits;
            sum += blockHits * (hits / (double)seen);
            i = j;
        }

        return sum / positives;
    }
}
