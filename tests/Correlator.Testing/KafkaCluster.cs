using Correlator.Kafka;

namespace Correlator.Testing;

/// <summary>
/// The mock-cluster fixture for tests: <see cref="KafkaMockCluster"/> lives in Correlator.Kafka so that
/// <c>correlator bench kafka</c> can use it too; tests create one per test (unique topics, nothing shared).
/// </summary>
public static class KafkaCluster
{
    /// <summary>A new in-process cluster with <paramref name="brokers"/> brokers and the given topics (name, partitions).</summary>
    public static KafkaMockCluster Start(int brokers = 1, params (string Topic, int Partitions)[] topics)
    {
        var cluster = new KafkaMockCluster(brokers);
        try
        {
            foreach (var (topic, partitions) in topics)
            {
                cluster.CreateTopic(topic, partitions);
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }
}
