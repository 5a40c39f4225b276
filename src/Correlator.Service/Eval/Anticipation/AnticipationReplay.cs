using System.Diagnostics;
using System.Globalization;
using Correlator.Correlation;
using Correlator.Correlation.RootCause;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Detection;
using Correlator.Domain;
using Correlator.Prediction;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Eval.Anticipation;

/// <summary>The features of one cluster right after a minute in which it changed, and the engine's first root-cause candidate then.</summary>
internal sealed record ClusterUpdate(DateTimeOffset At, long ClusterId, float[] Features, string? Suspect)
{
    /// <summary>The fingerprints of the cluster's signals then (what a dismissal of its prediction suppresses).</summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];
}

/// <summary>A firing anomaly signal of the replay: when, and the service it belongs to (for the data ceiling).</summary>
internal sealed record FiredSignal(DateTimeOffset At, string Service);

/// <summary>A replayed day: every cluster update in event-time order, the user-impact rule's minutes, and the cost of feature extraction.</summary>
internal sealed record ReplayedDay(NezhaDay Day, UserImpact Impact, IReadOnlyList<ClusterUpdate> Updates, ClusterHistory History, TimeSpan FeatureTime)
{
    /// <summary>Every firing signal of the replay in event-time order (empty when the replay was built by hand).</summary>
    public IReadOnlyList<FiredSignal> Fired { get; init; } = [];
}

/// <summary>
/// Replays a Nezha day as <c>eval nezha</c> does (one detector per pod metric, scores above the threshold as anomaly
/// signals, the correlation engine with the call graph; with robust detection also every call edge's latency, attributed
/// to the callee, fed before the pod rows of its minute as <c>eval nezha</c> does), and after every minute computes the features of each
/// cluster (incident) that changed in it. When a cluster closes its outcome (user impact from its first signal to
/// its close) enters the similar-cluster history, known from the close on.
/// </summary>
internal static class AnticipationReplay
{
    public static ReplayedDay Run(NezhaDay day, UserImpact impact, NezhaSettings settings, ClusterHistory history)
    {
        var engine = PodSignals.Engine(day, settings);
        var tracker = new ClusterTracker(ServiceCriticality.FromCalls(day.Calls, ["frontend"]), history);
        var pods = new PodSignals(settings);
        var fresh = new List<Signal>();
        var opened = new Dictionary<long, DateTimeOffset>();
        var touched = new HashSet<long>();
        var updates = new List<ClusterUpdate>();
        var fired = new List<FiredSignal>();
        var changes = new ChangeSet();
        var peaks = new SignalPeaks();
        long featureTicks = 0;
        int nextEdge = 0;
        for (int r = 0; r < day.Rows.Count;)
        {
            var minute = day.Rows[r].At;
            engine.AdvanceTo(minute, changes);
            for (; r < day.Rows.Count && day.Rows[r].At == minute; r++)
            {
                fresh.Clear();
                while (nextEdge < day.Edges.Count && day.Edges[nextEdge].At <= minute)
                {
                    pods.ObserveEdge(day.Edges[nextEdge++], fresh);
                }

                pods.Observe(day.Rows[r], fresh);
                foreach (var signal in fresh)
                {
                    if (signal.Status == SignalStatus.Firing && signal.Service is { } service)
                    {
                        fired.Add(new FiredSignal(minute, service));
                    }

                    engine.Process(signal, changes);
                    if (Cluster(changes, signal.Fingerprint) is { } cluster)
                    {
                        opened.TryAdd(cluster, minute);
                        tracker.Observe(cluster, ClusterEvent.From(signal));
                        touched.Add(cluster);
                    }
                }
            }

            peaks.Observe(changes);
            foreach (var incident in changes.Incidents)
            {
                if (incident.State == IncidentState.Closed)
                {
                    peaks.Forget(incident.Id);
                }

                if (incident.State == IncidentState.Closed && opened.Remove(incident.Id, out var start))
                {
                    var closedAt = incident.ClosedAt ?? minute;
                    tracker.Forget(incident.Id, closedAt, impact.Any(start, closedAt));
                    touched.Remove(incident.Id);
                }
            }

            foreach (var cluster in touched.Order())
            {
                long started = Stopwatch.GetTimestamp();
                var features = tracker.Features(cluster, minute);
                featureTicks += Stopwatch.GetTimestamp() - started;
                var ranking = engine.RankRootCauses(cluster, peaks: peaks);
                updates.Add(new ClusterUpdate(minute, cluster, features, ranking.Count > 0 ? ranking[0].Component : null)
                {
                    Fingerprints = [.. tracker.Events(cluster).Select(e => e.Fingerprint).Distinct(StringComparer.Ordinal)],
                });
            }

            touched.Clear();
            changes.Clear();
        }

        return new ReplayedDay(day, impact, updates, history, Stopwatch.GetElapsedTime(0, featureTicks)) { Fired = fired };
    }

    /// <summary>The cluster the signal just joined or changed: the changed incident that links its fingerprint, newest first.</summary>
    private static long? Cluster(ChangeSet changes, string fingerprint)
    {
        long? found = null;
        foreach (var incident in changes.Incidents)
        {
            if (incident.IsLinked(fingerprint) && (found is null || incident.Id > found))
            {
                found = incident.Id;
            }
        }

        return found;
    }
}
