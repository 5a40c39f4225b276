using Correlator.Domain;

namespace Correlator.Prediction;

/// <summary>
/// The features of one cluster at moment t, computed from its events with event time ≤ t only (later events,
/// in any order, are ignored), the topology's criticality and the outcomes of similar clusters known at t.
/// </summary>
public static class FeatureExtractor
{
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ChangeWindow = TimeSpan.FromMinutes(30);

    public static float[] Extract(IReadOnlyList<ClusterEvent> events, DateTimeOffset at, ServiceCriticality criticality, ClusterHistory history)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(criticality);
        ArgumentNullException.ThrowIfNull(history);
        var f = new float[FeatureSchema.Count];
        var latest = new Dictionary<string, ClusterEvent>(StringComparer.Ordinal);
        var services = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var resources = new HashSet<string>(StringComparer.Ordinal);
        ClusterEvent? first = null;
        double scoreMax = 0, recentSum = 0, previousSum = 0;
        int recentCount = 0, previousCount = 0, events5m = 0, changes = 0, total = 0;
        foreach (var e in events)
        {
            if (e.At > at)
            {
                continue;
            }

            total++;
            if (first is null || e.At < first.At || (e.At == first.At && string.CompareOrdinal(e.Fingerprint, first.Fingerprint) < 0))
            {
                first = e;
            }

            var age = at - e.At;
            events5m += age <= Recent ? 1 : 0;
            changes += e.IsChange && age <= ChangeWindow ? 1 : 0;
            if (!latest.TryGetValue(e.Fingerprint, out var known) || known.At <= e.At)
            {
                latest[e.Fingerprint] = e;
            }

            if (e.Service is { } service && (!services.TryGetValue(service, out var seen) || e.At < seen))
            {
                services[service] = e.At;
            }

            if (e.Resource is { } resource)
            {
                resources.Add(resource);
            }

            if (e.IsFiring && e.Score is { } score && double.IsFinite(score))
            {
                scoreMax = Math.Max(scoreMax, score);
                if (age <= Recent)
                {
                    recentSum += score;
                    recentCount++;
                }
                else if (age <= Recent * 2)
                {
                    previousSum += score;
                    previousCount++;
                }
            }
        }

        if (first is null)
        {
            Time(f, at);
            f[FeatureSchema.HopsMin] = ServiceCriticality.UnknownHops;
            f[FeatureSchema.SimilarIncidentRate] = 0.5f;
            return f;
        }

        Counts(f, latest.Values);
        double ageMinutes = (at - first.At).TotalMinutes;
        f[FeatureSchema.Events5m] = events5m;
        f[FeatureSchema.RatePerMinute] = (float)(total / Math.Max(ageMinutes, 1));
        f[FeatureSchema.ScoreMax] = (float)scoreMax;
        double recentMean = recentCount == 0 ? 0 : recentSum / recentCount;
        f[FeatureSchema.ScoreMean5m] = (float)recentMean;
        f[FeatureSchema.ScoreTrend] = (float)(recentMean - (previousCount == 0 ? 0 : previousSum / previousCount));
        Breadth(f, services, resources.Count, criticality, at);
        f[FeatureSchema.AgeMinutes] = (float)ageMinutes;
        f[FeatureSchema.OnsetCriticality] = (float)criticality.Criticality(first.Service);
        f[FeatureSchema.OnsetSpreadMinutes] = services.Count == 0 ? 0 : (float)(services.Values.Max() - first.At).TotalMinutes;
        Time(f, at);
        var (similar, incidents) = history.Lookup(first.Service, at);
        f[FeatureSchema.SimilarSeen] = similar;
        f[FeatureSchema.SimilarIncidentRate] = (float)((incidents + 1.0) / (similar + 2.0));
        f[FeatureSchema.Changes30m] = changes;
        return f;
    }

    /// <summary>The signature used to find similar clusters: the service of the first signal (event time, then fingerprint).</summary>
    public static string? Signature(IReadOnlyList<ClusterEvent> events, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(events);
        ClusterEvent? first = null;
        foreach (var e in events)
        {
            if (e.At <= at && (first is null || e.At < first.At || (e.At == first.At && string.CompareOrdinal(e.Fingerprint, first.Fingerprint) < 0)))
            {
                first = e;
            }
        }

        return first?.Service;
    }

    private static void Counts(float[] f, IEnumerable<ClusterEvent> latest)
    {
        foreach (var e in latest)
        {
            f[FeatureSchema.Signals]++;
            f[FeatureSchema.FiringNow] += e.IsFiring ? 1 : 0;
            f[e.Severity switch
            {
                Severity.Critical or Severity.Major => FeatureSchema.CriticalOrMajor,
                Severity.Minor or Severity.Warning => FeatureSchema.MinorOrWarning,
                _ => FeatureSchema.Info,
            }]++;
            f[e.Kind == SignalKind.Anomaly ? FeatureSchema.Anomalies : FeatureSchema.Alerts]++;
            f[FeatureSchema.GoldenSignals] += e.IsGolden ? 1 : 0;
        }
    }

    private static void Breadth(float[] f, Dictionary<string, DateTimeOffset> services, int resources, ServiceCriticality criticality, DateTimeOffset at)
    {
        double maxCriticality = 0;
        int minHops = ServiceCriticality.UnknownHops, fresh = 0;
        foreach (var (service, since) in services)
        {
            maxCriticality = Math.Max(maxCriticality, criticality.Criticality(service));
            minHops = Math.Min(minHops, criticality.Hops(service));
            fresh += at - since <= Recent ? 1 : 0;
        }

        f[FeatureSchema.Services] = services.Count;
        f[FeatureSchema.Resources] = resources;
        f[FeatureSchema.CriticalityMax] = (float)maxCriticality;
        f[FeatureSchema.HopsMin] = minHops;
        f[FeatureSchema.NewServices5m] = fresh;
    }

    private static void Time(float[] f, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        double hour = utc.TimeOfDay.TotalHours;
        f[FeatureSchema.HourSin] = (float)Math.Sin(2 * Math.PI * hour / 24);
        f[FeatureSchema.HourCos] = (float)Math.Cos(2 * Math.PI * hour / 24);
        f[FeatureSchema.Weekend] = utc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
    }
}
