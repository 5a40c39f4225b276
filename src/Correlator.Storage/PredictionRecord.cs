namespace Correlator.Storage;

/// <summary>
/// The score that made an incident Predicted: probability, threshold, the method (cold-start rule or model
/// version), the horizon, and the features and strongest contributions as JSON (the prediction stage owns their shape).
/// </summary>
public sealed record PredictionRecord(long IncidentId, DateTimeOffset At, double Probability, double Threshold, string Method, double HorizonMinutes, string FeaturesJson, string ExplanationJson);
