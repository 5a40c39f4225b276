namespace Correlator.Prediction;

/// <summary>The names and order of the features of a cluster at a moment; the model card lists them, the explanation cites them.</summary>
public static class FeatureSchema
{
    public const int Count = 27;

    public const int Signals = 0;
    public const int Events5m = 1;
    public const int FiringNow = 2;
    public const int RatePerMinute = 3;
    public const int CriticalOrMajor = 4;
    public const int MinorOrWarning = 5;
    public const int Info = 6;
    public const int Alerts = 7;
    public const int Anomalies = 8;
    public const int GoldenSignals = 9;
    public const int ScoreMax = 10;
    public const int ScoreMean5m = 11;
    public const int ScoreTrend = 12;
    public const int Services = 13;
    public const int Resources = 14;
    public const int CriticalityMax = 15;
    public const int HopsMin = 16;
    public const int AgeMinutes = 17;
    public const int OnsetCriticality = 18;
    public const int OnsetSpreadMinutes = 19;
    public const int NewServices5m = 20;
    public const int HourSin = 21;
    public const int HourCos = 22;
    public const int Weekend = 23;
    public const int SimilarSeen = 24;
    public const int SimilarIncidentRate = 25;
    public const int Changes30m = 26;

    /// <summary>Feature names, index by index.</summary>
    public static IReadOnlyList<string> Names => NameList;

    private static readonly string[] NameList =
    [
        "signals", "events_5m", "firing_now", "rate_per_min", "critical_or_major", "minor_or_warning", "info",
        "alerts", "anomalies", "golden_signals", "score_max", "score_mean_5m", "score_trend", "services", "resources",
        "criticality_max", "hops_min", "age_min", "onset_criticality", "onset_spread_min", "new_services_5m",
        "hour_sin", "hour_cos", "weekend", "similar_seen", "similar_incident_rate", "changes_30m",
    ];

    /// <summary>The indices of named features; an unknown name is an error naming it.</summary>
    public static int[] IndicesOf(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Select(n => Array.IndexOf(NameList, n) is var i and >= 0 ? i : throw new ArgumentException($"Unknown feature '{n}' (known: {string.Join(", ", Names)}).", nameof(names)))];
    }

    /// <summary>A copy of the features with the ignored ones set to 0 (the model never sees them); the input itself when none is ignored.</summary>
    public static float[] Mask(float[] features, int[] ignored)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(ignored);
        if (ignored.Length == 0)
        {
            return features;
        }

        var copy = (float[])features.Clone();
        foreach (var i in ignored)
        {
            copy[i] = 0;
        }

        return copy;
    }

    /// <summary>What each feature measures, for the model card and the UI.</summary>
    public static string Describe(int index) => index switch
    {
        Signals => "distinct signals attached so far",
        Events5m => "signal notifications in the last 5 minutes",
        FiringNow => "signals firing at the moment",
        RatePerMinute => "notifications per minute since the cluster began",
        CriticalOrMajor => "signals of severity major or critical",
        MinorOrWarning => "signals of severity minor or warning",
        Info => "signals of severity info",
        Alerts => "signals raised by monitoring tools",
        Anomalies => "signals derived from metrics by a detector",
        GoldenSignals => "signals on latency, errors, success rate or timeouts",
        ScoreMax => "highest anomaly score so far",
        ScoreMean5m => "mean anomaly score of the last 5 minutes",
        ScoreTrend => "mean anomaly score of the last 5 minutes minus that of the 5 before",
        Services => "distinct services reached",
        Resources => "distinct resources reached",
        CriticalityMax => "highest criticality of a service reached (1 = user entry point)",
        HopsMin => "fewest call hops from a user entry point to a service reached (10 = unknown)",
        AgeMinutes => "minutes since the first signal",
        OnsetCriticality => "criticality of the service that signalled first",
        OnsetSpreadMinutes => "minutes from the first signal to the last newly reached service",
        NewServices5m => "services newly reached in the last 5 minutes",
        HourSin or HourCos => "time of day (cyclic)",
        Weekend => "1 on Saturday and Sunday",
        SimilarSeen => "earlier clusters with the same first service whose outcome was known",
        SimilarIncidentRate => "share of those that became user-impacting incidents (smoothed, 0.5 with no history)",
        Changes30m => "change or deploy signals in the cluster in the last 30 minutes",
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "No such feature."),
    };
}
