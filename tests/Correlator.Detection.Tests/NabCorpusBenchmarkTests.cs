using System.Diagnostics;

namespace Correlator.Detection.Tests;

/// <summary>Reproduces NAB's published scoreboard from the real corpus in ../shared/eval/nab.</summary>
public sealed class NabCorpusBenchmarkTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.15;

    internal static string NabRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "nab"));
    }

    internal static NabCorpus LoadOrSkip()
    {
        var nab = NabRoot();
        if (!Directory.Exists(Path.Combine(nab, "data")))
        {
            Assert.Skip($"NAB data not found at {nab}: see shared/eval/README.md");
        }

        return NabCorpus.Load(nab);
    }

    [Fact]
    public void Evaluate_WindowedGaussianRoundedLikeNab_ReproducesThePublishedScores()
    {
        var clock = Stopwatch.StartNew();
        var corpus = LoadOrSkip();
        var loaded = clock.Elapsed;

        var rounded = NabEvaluation.Evaluate(corpus, () => new WindowedGaussianDetector(), roundSignificantDigits: 12);
        var full = NabEvaluation.Evaluate(corpus, () => new WindowedGaussianDetector());

        output.WriteLine($"{corpus.Files.Count} files, {corpus.Files.Sum(f => f.RowCount)} rows, {corpus.LabelledWindowCount} windows; load {loaded.TotalMilliseconds:F0} ms, load + 2 evaluations {clock.Elapsed.TotalMilliseconds:F0} ms");
        Write("windowedGaussian, 12 significant digits", rounded);
        Write("windowedGaussian, full precision", full);
        Assert.Equal(39.6, rounded["standard"].NormalizedScore, Tolerance);
        Assert.Equal(20.9, rounded["reward_low_FP_rate"].NormalizedScore, Tolerance);
        Assert.Equal(47.4, rounded["reward_low_FN_rate"].NormalizedScore, Tolerance);
    }

    private void Write(string title, NabReport report)
    {
        output.WriteLine(title);
        foreach (var p in report.Profiles)
        {
            output.WriteLine($"  {p.Profile.Name,-20} {p.NormalizedScore,8:F3}  raw {p.RawScore,9:F4}  null {p.NullScore,8:F2}  perfect {p.PerfectScore,6:F1}  threshold {p.Threshold:R}");
        }
    }
}
