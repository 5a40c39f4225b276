using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Correlator.Detection.Multivariate;

/// <summary>
/// Multivariate anomaly detection for one entity (a host or a service with many metrics): ML.NET's
/// randomized PCA trained on a normal period of standardised metrics; a row far from the normal
/// subspace is an anomaly, and each metric's share of the squared reconstruction error tells which
/// metrics explain it. Saved as an ML.NET zip plus a JSON card (metrics, standardisation, threshold).
/// </summary>
public sealed class EntityAnomalyModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly EntityModelCard _card;
    private readonly float[][] _components;
    private readonly float[] _mean;

    private EntityAnomalyModel(MLContext ml, ITransformer transformer, EntityModelCard card)
    {
        _ml = ml;
        _transformer = transformer;
        _card = card;
        var parameters = Parameters(transformer);
        VBuffer<float>[] vectors = [];
        parameters.GetEigenVectors(ref vectors, out var rank);
        _components = [.. vectors.Take(rank).Select(v => v.DenseValues().ToArray())];
        var mean = default(VBuffer<float>);
        parameters.GetMean(ref mean);
        _mean = mean.Length == 0 ? new float[card.Metrics.Length] : mean.DenseValues().ToArray();
    }

    public IReadOnlyList<string> Metrics => _card.Metrics;

    /// <summary>Rows at or above this score are anomalies.</summary>
    public double Threshold => _card.Threshold;

    /// <summary>Trains on rows of a normal period (one value per metric, in <paramref name="metrics"/> order).</summary>
    public static EntityAnomalyModel Train(IReadOnlyList<string> metrics, IReadOnlyList<double[]> normalRows, EntityModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(normalRows);
        options ??= new EntityModelOptions();
        options.Validate(metrics.Count);
        CheckRows(metrics.Count, normalRows);
        if (normalRows.Count < 2 * metrics.Count)
        {
            throw new ArgumentException($"Training needs at least {2 * metrics.Count} rows (twice the {metrics.Count} metrics), not {normalRows.Count}.");
        }

        var (means, deviations) = Standardisation(metrics.Count, normalRows);
        var ml = new MLContext(seed: options.Seed);
        var data = Load(ml, metrics.Count, normalRows, means, deviations);
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = nameof(PcaRow.Features),
            Rank = options.Rank,
            EnsureZeroMean = true,
            Seed = options.Seed,
        });
        var transformer = trainer.Fit(data);
        var scores = ml.Data.CreateEnumerable<PcaOutput>(transformer.Transform(data), reuseRowObject: false).Select(o => (double)o.Score).Order().ToArray();
        var threshold = scores[Math.Min(scores.Length - 1, (int)Math.Ceiling(options.ThresholdQuantile * scores.Length) - 1)];
        var card = new EntityModelCard([.. metrics], means, deviations, threshold, options.Rank, normalRows.Count);
        return new EntityAnomalyModel(ml, transformer, card);
    }

    /// <summary>Loads a model saved by <see cref="Save"/> as <paramref name="name"/>.zip and .json in <paramref name="directory"/>.</summary>
    public static EntityAnomalyModel Load(string directory, string name)
    {
        var zip = Path.Combine(directory, name + ".zip");
        var json = Path.Combine(directory, name + ".json");
        foreach (var path in new[] { zip, json })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No model file {Path.GetFullPath(path)}", path);
            }
        }

        var card = JsonSerializer.Deserialize<EntityModelCard>(File.ReadAllText(json))
            ?? throw new InvalidDataException($"{json}: empty model card");
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(zip, out _);
        return new EntityAnomalyModel(ml, transformer, card);
    }

    /// <summary>Writes <paramref name="name"/>.zip (the ML.NET model) and <paramref name="name"/>.json (its card).</summary>
    public void Save(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var schema = Load(_ml, _card.Metrics.Length, [], _card.Means, _card.Deviations).Schema;
        _ml.Model.Save(_transformer, schema, Path.Combine(directory, name + ".zip"));
        File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(_card, Indented));
    }

    /// <summary>Scores rows (one value per metric), each with the metrics that explain it.</summary>
    public IReadOnlyList<EntityScore> Score(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        CheckRows(_card.Metrics.Length, rows);
        var data = Load(_ml, _card.Metrics.Length, rows, _card.Means, _card.Deviations);
        var outputs = _ml.Data.CreateEnumerable<PcaOutput>(_transformer.Transform(data), reuseRowObject: false).ToArray();
        var results = new EntityScore[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            results[i] = new EntityScore(outputs[i].Score, outputs[i].Score >= _card.Threshold, Contributions(rows[i]));
        }

        return results;
    }

    // Residual r = c - sum_k (v_k . c) v_k of the centred standardised row c; metric j explains r_j^2 / |r|^2.
    private MetricContribution[] Contributions(double[] row)
    {
        var n = _card.Metrics.Length;
        var centred = new double[n];
        for (var j = 0; j < n; j++)
        {
            centred[j] = Standardise(row[j], j) - _mean[j];
        }

        var residual = (double[])centred.Clone();
        foreach (var v in _components)
        {
            var dot = 0.0;
            for (var j = 0; j < n; j++)
            {
                dot += v[j] * centred[j];
            }

            for (var j = 0; j < n; j++)
            {
                residual[j] -= dot * v[j];
            }
        }

        var total = residual.Sum(r => r * r);
        return [.. residual
            .Select((r, j) => new MetricContribution(j, _card.Metrics[j], total > 0.0 ? r * r / total : 0.0))
            .OrderByDescending(c => c.Share)];
    }

    private double Standardise(double value, int j) => (value - _card.Means[j]) / _card.Deviations[j];

    private static IDataView Load(MLContext ml, int width, IReadOnlyList<double[]> rows, double[] means, double[] deviations)
    {
        var definition = SchemaDefinition.Create(typeof(PcaRow));
        definition[nameof(PcaRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var items = rows.Select(r => new PcaRow { Features = [.. r.Select((v, j) => (float)((v - means[j]) / deviations[j]))] }).ToArray();
        return ml.Data.LoadFromEnumerable(items, definition);
    }

    private static (double[] Means, double[] Deviations) Standardisation(int width, IReadOnlyList<double[]> rows)
    {
        var means = new double[width];
        var deviations = new double[width];
        for (var j = 0; j < width; j++)
        {
            var mean = rows.Average(r => r[j]);
            var variance = rows.Sum(r => (r[j] - mean) * (r[j] - mean)) / rows.Count;

            // A metric constant in training keeps unit scale: any later move of it then stands out.
            means[j] = mean;
            deviations[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1.0;
        }

        return (means, deviations);
    }

    private static void CheckRows(int width, IReadOnlyList<double[]> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != width)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values; the model has {width} metrics.");
            }

            var bad = Array.FindIndex(rows[i], v => !double.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"Row {i}, metric {bad}: {rows[i][bad]} is not a finite number.");
            }
        }
    }

    private static PcaModelParameters Parameters(ITransformer transformer) => transformer switch
    {
        // A loaded model is typed by ML.NET's predictor interface, not by the PCA class: look at its model.
        IPredictionTransformer<object> { Model: PcaModelParameters pca } => pca,
        TransformerChain<ITransformer> { LastTransformer: IPredictionTransformer<object> { Model: PcaModelParameters pca } } => pca,
        _ => throw new InvalidDataException($"The model is a {transformer.GetType().Name}, not an ML.NET PCA anomaly detector."),
    };
}
