using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Prediction;

/// <summary>
/// What people and the registry need to know about a trained model, written as JSON next to it: the data span,
/// the features, the held-out metrics, the threshold, the version and how to retrain.
/// </summary>
public sealed record ModelCard
{
    public required int Version { get; init; }

    public string Kind { get; init; } = "FastTree binary classifier (ML.NET), Platt-calibrated";

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset DataFrom { get; init; }

    public required DateTimeOffset DataTo { get; init; }

    /// <summary>The first moment of the held-out (validation) part; everything before it was training.</summary>
    public required DateTimeOffset ValidationFrom { get; init; }

    public required double HorizonMinutes { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Features present in the vector but hidden from the model.</summary>
    public IReadOnlyList<string> IgnoredFeatures { get; init; } = [];

    public required int TrainRows { get; init; }

    public required int TrainPositives { get; init; }

    /// <summary>Labels that came from people's confirm / dismiss feedback.</summary>
    public required int FeedbackLabels { get; init; }

    public required double TargetPrecision { get; init; }

    public required double Threshold { get; init; }

    public required bool TargetPrecisionMet { get; init; }

    public required ValidationMetrics Validation { get; init; }

    public required double TrainingSeconds { get; init; }

    public string Retrain { get; init; } = "correlator train --from <date> --to <date>";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelCard FromJson(string json, string source) =>
        JsonSerializer.Deserialize<ModelCard>(json, Json) ?? throw new InvalidDataException($"{source}: empty model card.");

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people, never embedded in HTML
    };
}
