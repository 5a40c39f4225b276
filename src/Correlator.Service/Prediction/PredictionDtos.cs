using System.Text.Json;
using Correlator.Storage;

namespace Correlator.Service.Prediction;

/// <summary>How much one feature pushed the probability up (positive) or down.</summary>
public sealed record ContributionDto(string Feature, double Value, double Contribution);

/// <summary>A person's verdict on a prediction.</summary>
public sealed record FeedbackDto(string Verdict, string Actor, string? Reason, DateTimeOffset At);

/// <summary>Why an incident opened Predicted: probability within the horizon, threshold, method, strongest reasons; and the verdict once given.</summary>
public sealed record PredictionDto(
    double Probability,
    double Threshold,
    string Method,
    double HorizonMinutes,
    DateTimeOffset At,
    IReadOnlyList<ContributionDto> Explanation,
    FeedbackDto? Feedback);

/// <summary>The answer of confirm / dismiss: the incident's new state and the label stored for training.</summary>
public sealed record VerdictDto(long IncidentId, string State, bool Label, string? Reason);

/// <summary>What scores predictions now, and what the last load or reload decided.</summary>
public sealed record ModelStatusDto(string Method, int? Version, double Threshold, bool ColdStart, DateTimeOffset LoadedAt, string Note, double? ValidationAveragePrecision, int? FeedbackLabels, long Scored, double MeanScoreMicroseconds, long Predicted, long ConfirmedByImpact, long SuppressedByDismissal);

/// <summary>Maps stored predictions and feedback to their API shape.</summary>
internal static class PredictionView
{
    public static async Task<PredictionDto?> GetAsync(SqliteStore store, long incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var record = await store.GetPredictionAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var feedback = (await store.GetFeedbackAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(incidentId);
        return new PredictionDto(record.Probability, record.Threshold, record.Method, record.HorizonMinutes, record.At, Explanation(record.ExplanationJson),
            feedback is null ? null : new FeedbackDto(feedback.Label ? "confirmed" : "dismissed", feedback.Actor, feedback.Reason, feedback.At));
    }

    private static List<ContributionDto> Explanation(string json)
    {
        using var document = JsonDocument.Parse(json);
        var list = new List<ContributionDto>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            list.Add(new ContributionDto(item.GetProperty("feature").GetString() ?? "", item.GetProperty("value").GetDouble(), item.GetProperty("contribution").GetDouble()));
        }

        return list;
    }
}
