using System.Globalization;
using System.Text.Json;

namespace Correlator.Prediction;

/// <summary>What the registry decided about a candidate model, with the figures it compared.</summary>
public sealed record PromotionDecision(bool Promoted, int Version, double CandidateAveragePrecision, double? CurrentAveragePrecision, string Reason);

/// <summary>
/// The models folder: <c>anticipation-vNNNN.zip</c> with its card <c>anticipation-vNNNN.card.json</c> for every model
/// trained, and <c>current.json</c> naming the promoted one. A candidate is promoted only when its average precision
/// on its own held-out samples is at least that of the current model on the same samples, so a worse model never
/// replaces a better one.
/// </summary>
public sealed class ModelRegistry(string directory)
{
    private const string Prefix = "anticipation-v";

    public string Directory { get; } = directory;

    public int NextVersion()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 1;
        }

        int max = 0;
        foreach (var file in System.IO.Directory.GetFiles(Directory, Prefix + "*.card.json"))
        {
            var name = Path.GetFileName(file)[Prefix.Length..^".card.json".Length];
            max = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? Math.Max(max, v) : max;
        }

        return max + 1;
    }

    public string ModelPath(int version) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version:D4}.zip"));

    public string CardPath(int version) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version:D4}.card.json"));

    /// <summary>The promoted version, or null when none was ever promoted (the cold-start rule applies).</summary>
    public int? CurrentVersion()
    {
        var path = Path.Combine(Directory, "current.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var version)
            ? version
            : throw new InvalidDataException($"{path}: no integer 'version'.");
    }

    /// <summary>The promoted model and its card, or null when there is none.</summary>
    public (AnticipationModel Model, ModelCard Card)? LoadCurrent()
    {
        if (CurrentVersion() is not { } version)
        {
            return null;
        }

        var card = ModelCard.FromJson(File.ReadAllText(CardPath(version)), CardPath(version));
        return (AnticipationModel.Load(ModelPath(version), $"model v{version}", card.Threshold, card.IgnoredFeatures), card);
    }

    /// <summary>Saves the candidate with its card, then promotes it unless the current model does better on the candidate's held-out samples.</summary>
    public PromotionDecision Consider(TrainingResult candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        System.IO.Directory.CreateDirectory(Directory);
        int version = candidate.Card.Version;
        if (File.Exists(CardPath(version)))
        {
            throw new InvalidOperationException($"Model version {version} already exists in {Directory}; train with version {NextVersion()}.");
        }

        candidate.Model.Save(ModelPath(version));
        File.WriteAllText(CardPath(version), candidate.Card.ToJson());
        double candidateAp = candidate.Card.Validation.AveragePrecision;
        double? currentAp = null;
        if (LoadCurrent() is { } current)
        {
            using var model = current.Model;
            currentAp = ValidationMetrics.Compute(AnticipationTrainer.Score(model, candidate.Validation), current.Card.Threshold).AveragePrecision;
            if (candidateAp < currentAp)
            {
                return new PromotionDecision(false, version, candidateAp, currentAp,
                    string.Create(CultureInfo.InvariantCulture, $"kept v{current.Card.Version}: on the new held-out samples its average precision {currentAp:F3} beats v{version}'s {candidateAp:F3}"));
            }
        }

        var pointer = Path.Combine(Directory, "current.json");
        File.WriteAllText(pointer + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{{\"version\": {version}}}"));
        File.Move(pointer + ".tmp", pointer, overwrite: true);
        return new PromotionDecision(true, version, candidateAp, currentAp,
            currentAp is null ? $"promoted v{version}: no model before" : string.Create(CultureInfo.InvariantCulture, $"promoted v{version}: average precision {candidateAp:F3} >= {currentAp:F3}"));
    }
}
