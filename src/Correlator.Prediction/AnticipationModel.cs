using Microsoft.ML;
using Microsoft.ML.Data;

namespace Correlator.Prediction;

/// <summary>
/// A trained FastTree classifier (Platt-calibrated probability) followed by ML.NET's feature-contribution
/// transform, so each score carries the features that pushed it. Saved and loaded as one ML.NET zip.
/// Not thread-safe: one scoring loop owns an instance.
/// </summary>
public sealed class AnticipationModel : IAnticipationScorer, IDisposable
{
    private readonly MLContext _ml;
    private readonly ITransformer _chain;
    private readonly PredictionEngine<FeatureRow, ScoreRow> _engine;

    private readonly int[] _ignored;

    internal AnticipationModel(MLContext ml, ITransformer chain, string method, double threshold, IReadOnlyList<string>? ignoredFeatures = null)
    {
        _ignored = FeatureSchema.IndicesOf(ignoredFeatures ?? []);
        _ml = ml;
        _chain = chain;
        _engine = ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(chain);
        Method = method;
        Threshold = threshold;
    }

    public string Method { get; }

    public double Threshold { get; private set; }

    public static AnticipationModel Load(string path, string method, double threshold, IReadOnlyList<string>? ignoredFeatures = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No model file {path}.", path);
        }

        var ml = new MLContext(seed: 1);
        var chain = ml.Model.Load(path, out _);
        return new AnticipationModel(ml, chain, method, threshold, ignoredFeatures);
    }

    public void Save(string path)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), schema);
        _ml.Model.Save(_chain, empty.Schema, path);
    }

    internal AnticipationModel WithThreshold(double threshold)
    {
        Threshold = threshold;
        return this;
    }

    public AnticipationScore Score(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"Expected {FeatureSchema.Count} features, got {features.Length}.", nameof(features));
        }

        var row = _engine.Predict(new FeatureRow { Features = FeatureSchema.Mask(features, _ignored) });
        var contributions = new List<FeatureContribution>();
        for (int i = 0; i < row.FeatureContributions.Length && i < FeatureSchema.Count; i++)
        {
            if (row.FeatureContributions[i] != 0)
            {
                contributions.Add(new FeatureContribution(FeatureSchema.Names[i], features[i], row.FeatureContributions[i]));
            }
        }

        contributions.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        double probability = float.IsFinite(row.Probability) ? row.Probability : 0;
        return new AnticipationScore(probability, Threshold, Method, contributions);
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>The input row of ML.NET.</summary>
    internal sealed class FeatureRow
    {
        [VectorType(FeatureSchema.Count)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>The output row of ML.NET: calibrated probability and per-feature contributions.</summary>
    internal sealed class ScoreRow
    {
        public float Probability { get; set; }

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }

        public float[] FeatureContributions { get; set; } = [];
    }
}
