using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Correlator.Prediction;

/// <summary>A trained model with its card and the held-out samples it was judged on.</summary>
public sealed record TrainingResult(AnticipationModel Model, ModelCard Card, IReadOnlyList<TrainingSample> Validation);

/// <summary>
/// Trains the FastTree classifier with a time-ordered split: the samples are sorted by event time, the earliest
/// part trains, the latest part (never earlier than any training sample) validates and sets the threshold.
/// </summary>
public static class AnticipationTrainer
{
    public static TrainingResult Train(IReadOnlyList<TrainingSample> samples, TrainingSettings settings, TimeProvider clock, int version = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        settings.Validate();
        var (train, validation) = SplitByTime(samples, settings.ValidationShare);
        int trainPositives = train.Count(s => s.Label);
        if (trainPositives == 0 || trainPositives == train.Count)
        {
            throw new InvalidOperationException($"The training part ({train.Count} samples before {validation[0].At:u}) has {trainPositives} positive labels; both classes are needed to train.");
        }

        long started = Stopwatch.GetTimestamp();
        var ml = new MLContext(settings.Seed);
        var ignored = FeatureSchema.IndicesOf(settings.IgnoredFeatures);
        var data = ml.Data.LoadFromEnumerable(train.Select(s => new AnticipationModel.FeatureRow { Features = FeatureSchema.Mask(s.Features, ignored), Label = s.Label }));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinExamplesPerLeaf,
            LearningRate = settings.LearningRate,
            NumberOfThreads = 1,
        });
        var classifier = trainer.Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(classifier, numberOfPositiveContributions: FeatureSchema.Count, numberOfNegativeContributions: FeatureSchema.Count)
            .Fit(classifier.Transform(data));
        var chain = new TransformerChain<ITransformer>(classifier, contributions);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var model = new AnticipationModel(ml, chain, $"model v{version}", 0.5, settings.IgnoredFeatures);

        var scored = Score(model, validation);
        var choice = ThresholdSelector.ForPrecision(scored, settings.TargetPrecision);
        model.WithThreshold(choice.Threshold);
        var card = new ModelCard
        {
            Version = version,
            CreatedAt = clock.GetUtcNow(),
            DataFrom = train[0].At,
            DataTo = validation[^1].At,
            ValidationFrom = validation[0].At,
            HorizonMinutes = settings.Horizon.TotalMinutes,
            Features = FeatureSchema.Names,
            IgnoredFeatures = settings.IgnoredFeatures,
            TrainRows = train.Count,
            TrainPositives = trainPositives,
            FeedbackLabels = samples.Count(s => s.Origin == TrainingSample.Feedback),
            TargetPrecision = settings.TargetPrecision,
            Threshold = choice.Threshold,
            TargetPrecisionMet = choice.TargetMet,
            Validation = ValidationMetrics.Compute(scored, choice.Threshold),
            TrainingSeconds = seconds,
            Retrain = settings.Retrain,
        };
        return new TrainingResult(model, card, validation);
    }

    /// <summary>Scores held-out samples with any scorer, for thresholds, metrics and promotion decisions.</summary>
    public static List<(double Score, bool Label)> Score(IAnticipationScorer scorer, IReadOnlyList<TrainingSample> samples)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(samples);
        return [.. samples.Select(s => (scorer.Score(s.Features).Probability, s.Label))];
    }

    /// <summary>Earliest samples train, latest validate; samples of one moment stay on one side.</summary>
    public static (List<TrainingSample> Train, List<TrainingSample> Validation) SplitByTime(IReadOnlyList<TrainingSample> samples, double validationShare)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = samples.OrderBy(s => s.At).ThenBy(s => s.ClusterId).ToList();
        int cut = (int)Math.Round(ordered.Count * (1 - validationShare));
        while (cut > 0 && cut < ordered.Count && ordered[cut].At == ordered[cut - 1].At)
        {
            cut++;
        }

        if (cut <= 0 || cut >= ordered.Count)
        {
            throw new InvalidOperationException($"{samples.Count} samples cannot be split by time into a training and a validation part (share {validationShare}).");
        }

        return (ordered[..cut], ordered[cut..]);
    }
}
