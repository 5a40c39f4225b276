using System.Globalization;

namespace Correlator.Detection;

/// <summary>
/// Runs a streaming detector over every file of a NAB corpus (a fresh instance per file) and
/// scores it the way NAB does: one threshold per profile over the whole corpus, normalised
/// between the null detector (a constant score) and a perfect one (every window at its start).
/// </summary>
public static class NabEvaluation
{
    /// <summary>
    /// Evaluates a detector. <paramref name="roundSignificantDigits"/> rounds every score as
    /// NAB's result files do (12) before scoring; null scores at full precision.
    /// </summary>
    public static NabReport Evaluate(NabCorpus corpus, Func<IStreamingDetector> detectorFactory, int? roundSignificantDigits = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(detectorFactory);
        if (roundSignificantDigits is < 1 or > 17)
        {
            throw new ArgumentOutOfRangeException(nameof(roundSignificantDigits), roundSignificantDigits, "between 1 and 17 significant digits");
        }

        var name = string.Empty;
        var files = new List<NabFileResult>(corpus.Files.Count);
        foreach (var file in corpus.Files)
        {
            var detector = detectorFactory();
            name = detector.Name;
            files.Add(new NabFileResult(file, Run(detector, file, roundSignificantDigits)));
        }

        return new NabReport(name, files, Score(corpus, files));
    }

    /// <summary>Scores precomputed per-row scores (one result per corpus file, in corpus order).</summary>
    public static IReadOnlyList<NabProfileResult> Score(NabCorpus corpus, IReadOnlyList<NabFileResult> files)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(files);
        var sweeps = files.Select(f => NabFileSweep.Create(f.File)).ToArray();
        var scores = files.Select(f => f.RawScores).ToArray();
        var constant = files.Select(f => Enumerable.Repeat(0.5, f.File.RowCount).ToArray()).ToArray();

        var results = new List<NabProfileResult>(corpus.Profiles.Count);
        foreach (var profile in corpus.Profiles)
        {
            var threshold = NabThresholdSearch.FindBest(sweeps, scores, profile);
            var nullScore = NabThresholdSearch.FindBest(sweeps, constant, profile).RawScore;
            var perfect = corpus.LabelledWindowCount * profile.TruePositiveWeight;
            var fileScores = files
                .Select((f, i) => NabScorer.Score(f.File.RelativePath, sweeps[i], row => scores[i][row] >= threshold.Value, profile))
                .ToArray();
            results.Add(new NabProfileResult(profile, threshold, nullScore, perfect, fileScores));
        }

        return results;
    }

    /// <summary>
    /// Writes one CSV per data file (timestamp,value,anomaly_score,label) under
    /// <paramref name="outputDirectory"/>, mirroring data/&lt;category&gt;/&lt;name&gt;.csv.
    /// </summary>
    public static void WriteResults(NabReport report, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        foreach (var result in report.Files)
        {
            var path = Path.Combine(outputDirectory, result.File.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? outputDirectory);
            NabCsv.WriteResult(path, result.File, result.Scores);
        }
    }

    private static double[] Run(IStreamingDetector detector, NabDataFile file, int? digits)
    {
        var scores = new double[file.RowCount];
        var format = digits is { } d ? "G" + d.ToString(CultureInfo.InvariantCulture) : null;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = detector.Score(file.Timestamps[i], file.Values[i]);
            score = double.IsNaN(score) ? 0.0 : Math.Clamp(score, 0.0, 1.0);
            scores[i] = format is null ? score : double.Parse(score.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return scores;
    }
}
