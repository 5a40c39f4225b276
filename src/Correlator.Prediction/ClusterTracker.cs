namespace Correlator.Prediction;

/// <summary>
/// The working state of prediction: the events of every open cluster, in arrival order, so that the features of a
/// cluster can be computed at any moment. Forget a cluster when it ends.
/// </summary>
public sealed class ClusterTracker(ServiceCriticality criticality, ClusterHistory history)
{
    private readonly Dictionary<long, List<ClusterEvent>> _clusters = [];

    public ClusterHistory History { get; } = history;

    public ServiceCriticality Criticality { get; } = criticality;

    public int OpenClusters => _clusters.Count;

    public void Observe(long clusterId, ClusterEvent clusterEvent)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        if (!_clusters.TryGetValue(clusterId, out var list))
        {
            _clusters[clusterId] = list = [];
        }

        list.Add(clusterEvent);
    }

    public IReadOnlyList<ClusterEvent> Events(long clusterId) => _clusters.TryGetValue(clusterId, out var list) ? list : [];

    public float[] Features(long clusterId, DateTimeOffset at) => FeatureExtractor.Extract(Events(clusterId), at, Criticality, History);

    /// <summary>Drops a cluster; when its outcome is known, records it in the history under the cluster's signature.</summary>
    public void Forget(long clusterId, DateTimeOffset knownAt, bool? becameIncident)
    {
        if (!_clusters.Remove(clusterId, out var list))
        {
            return;
        }

        if (becameIncident is { } outcome && FeatureExtractor.Signature(list, knownAt) is { } signature)
        {
            History.Record(signature, knownAt, outcome);
        }
    }
}
