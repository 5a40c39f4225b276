using System.Diagnostics;

namespace Correlator.Detection.Tests;

/// <summary>Scores every catalog detector on the real NAB corpus (skipped when it is absent).</summary>
public sealed class DetectorCatalogTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluate_EveryCatalogDetectorOnTheCorpus_WritesFiniteProfileScores()
    {
        var corpus = NabCorpusBenchmarkTests.LoadOrSkip();
        var names = DetectorCatalog.All.Keys.ToArray();
        var reports = new NabReport[names.Length];
        var elapsed = new TimeSpan[names.Length];

        // Each evaluation is independent and single-threaded: running them side by side keeps the project quick.
        Parallel.For(0, names.Length, i =>
        {
            var clock = Stopwatch.StartNew();
            reports[i] = NabEvaluation.Evaluate(corpus, DetectorCatalog.All[names[i]]);
            elapsed[i] = clock.Elapsed;
        });

        for (var i = 0; i < names.Length; i++)
        {
            var line = string.Join("  ", reports[i].Profiles.Select(p => $"{p.Profile.Name} {p.NormalizedScore:R}"));
            output.WriteLine($"{names[i],-22} {line}  ({elapsed[i].TotalSeconds:F1} s)");
        }

        Assert.All(reports.SelectMany(r => r.Profiles), p => Assert.True(double.IsFinite(p.NormalizedScore), p.Profile.Name));
    }
}
