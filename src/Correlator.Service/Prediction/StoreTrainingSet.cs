using Correlator.Domain;
using Correlator.Prediction;
using Correlator.Storage;

namespace Correlator.Service.Prediction;

/// <summary>Training samples built from the store, with how many incidents they came from and how many labels people gave.</summary>
internal sealed record StoreSamples(IReadOnlyList<TrainingSample> Samples, int Incidents, int FeedbackIncidents);

/// <summary>
/// Features and labels from the store's history, for <c>correlator train</c>. Each incident opened in [from, to) is
/// a cluster; a sample is taken at each moment a signal joined it, from the signals linked by then (at their link
/// time). The label of a sample at t: the incident's first impact signal (<see cref="SignalImpact"/>) joined within
/// (t, t + H]; samples at or after the impact are not taken (the users are already hit). A person's confirm
/// (true) or dismiss (false) overrides the label of every sample of that incident. The similar-cluster history
/// sees an incident's outcome only from its end (resolved, closed or last update), so no sample reads the future.
/// </summary>
internal static class StoreTrainingSet
{
    public static async Task<StoreSamples> BuildAsync(SqliteStore store, DateTimeOffset from, DateTimeOffset to, TimeSpan horizon, ServiceCriticality criticality, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var feedback = await store.GetFeedbackAsync(cancellationToken).ConfigureAwait(false);
        var clusters = await store.ListIncidentClustersAsync(from, to, limit: null, cancellationToken).ConfigureAwait(false);
        var history = new ClusterHistory();
        var samples = new List<TrainingSample>();
        int feedbackIncidents = 0;
        foreach (var detail in clusters)
        {
            var id = detail.Incident.Id;
            var verdict = feedback.GetValueOrDefault(id);
            feedbackIncidents += verdict is null ? 0 : 1;
            var (events, impactAt) = Events(detail);
            AddSamples(samples, id, events, impactAt, verdict, horizon, criticality, history);
            var incident = detail.Incident;
            var end = incident.ClosedAt ?? incident.ResolvedAt ?? incident.UpdatedAt;
            if (FeatureExtractor.Signature(events, end) is { } signature)
            {
                history.Record(signature, end, verdict?.Label ?? impactAt is not null);
            }
        }

        return new StoreSamples(samples, clusters.Count, feedbackIncidents);
    }

    /// <summary>The incident's signals as cluster events at their link times, and when the first impact signal joined.</summary>
    internal static (List<ClusterEvent> Events, DateTimeOffset? ImpactAt) Events(IncidentDetail detail)
    {
        var signals = detail.Signals.GroupBy(s => s.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Latest, StringComparer.Ordinal);
        var events = new List<ClusterEvent>(detail.Incident.Links.Count);
        DateTimeOffset? impactAt = null;
        foreach (var link in detail.Incident.Links)
        {
            if (!signals.TryGetValue(link.Fingerprint, out var signal))
            {
                continue;
            }

            var firing = signal with { Status = SignalStatus.Firing };
            events.Add(ClusterEvent.From(firing) with { At = link.AttachedAt });
            if (SignalImpact.IsImpact(firing) && (impactAt is null || link.AttachedAt < impactAt))
            {
                impactAt = link.AttachedAt;
            }
        }

        return (events, impactAt);
    }

    private static void AddSamples(List<TrainingSample> samples, long id, List<ClusterEvent> events, DateTimeOffset? impactAt, FeedbackLabel? verdict,
        TimeSpan horizon, ServiceCriticality criticality, ClusterHistory history)
    {
        foreach (var at in events.Select(e => e.At).Distinct().Order())
        {
            if (impactAt is { } hit && at >= hit)
            {
                break;
            }

            var features = FeatureExtractor.Extract(events, at, criticality, history);
            bool label = verdict?.Label ?? (impactAt is { } impact && impact - at <= horizon);
            samples.Add(new TrainingSample(at, id, features, label, verdict is null ? TrainingSample.History : TrainingSample.Feedback));
        }
    }
}
