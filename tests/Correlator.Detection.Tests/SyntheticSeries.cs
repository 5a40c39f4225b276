using Correlator.Testing;

namespace Correlator.Detection.Tests;

/// <summary>Synthetic series for detector tests: seeded noise, one minute apart from <see cref="Some.T0"/>.</summary>
internal static class SyntheticSeries
{
    public static double[] Noise(int length, int seed = 7, double level = 10.0, double amplitude = 1.0)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => level + (amplitude * (random.NextDouble() - 0.5)))];
    }

    public static double[] WithSpike(int length, int at, double height)
    {
        var values = Noise(length);
        values[at] += height;
        return values;
    }

    public static double[] WithLevelShift(int length, int at, double shift)
    {
        var values = Noise(length);
        for (var i = at; i < length; i++)
        {
            values[i] += shift;
        }

        return values;
    }

    public static double[] SineWithOutlier(int length, int period, int at, double height)
    {
        var noise = Noise(length, seed: 11, level: 0.0, amplitude: 0.2);
        var values = Enumerable.Range(0, length).Select(i => (5.0 * Math.Sin(2.0 * Math.PI * i / period)) + noise[i]).ToArray();
        values[at] += height;
        return values;
    }

    public static double[] ScoreAll(IStreamingDetector detector, IReadOnlyList<double> values) =>
        [.. values.Select((v, i) => detector.Score(Some.T0.AddMinutes(i), v))];
}
