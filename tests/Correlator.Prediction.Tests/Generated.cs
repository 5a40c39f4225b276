using Correlator.Prediction;

namespace Correlator.Prediction.Tests;

/// <summary>Generated samples: the label follows golden signals near the entry point, with some noise.</summary>
internal static class Generated
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public static List<TrainingSample> Samples(int count, int seed, Func<int, bool>? scrambleLabelAt = null)
    {
        var random = new Random(seed);
        var samples = new List<TrainingSample>(count);
        for (int i = 0; i < count; i++)
        {
            var f = new float[FeatureSchema.Count];
            f[FeatureSchema.GoldenSignals] = random.Next(0, 4);
            f[FeatureSchema.CriticalityMax] = (float)(1.0 / (1 + random.Next(0, 4)));
            f[FeatureSchema.Services] = random.Next(1, 6);
            f[FeatureSchema.FiringNow] = random.Next(0, 10);
            f[FeatureSchema.ScoreMax] = (float)random.NextDouble();
            f[FeatureSchema.SimilarIncidentRate] = 0.5f;
            bool label = f[FeatureSchema.GoldenSignals] >= 2 && f[FeatureSchema.CriticalityMax] >= 0.5f;
            label = random.NextDouble() < 0.05 ? !label : label;
            if (scrambleLabelAt?.Invoke(i) == true)
            {
                label = random.Next(2) == 0;
            }

            samples.Add(new TrainingSample(Start.AddMinutes(i), i / 3, f, label));
        }

        return samples;
    }
}
