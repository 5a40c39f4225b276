using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Kafka;

public sealed class KafkaConfigurationTests
{
    [Fact]
    public void ThrowIfInvalid_KafkaOffWithNothingSet_Passes()
    {
        ConfigurationCheck.ThrowIfInvalid(Configuration());
    }

    [Theory]
    [InlineData("Kafka:BootstrapServers", "", "Kafka:BootstrapServers")]
    [InlineData("Kafka:DeadLetterTopic", "", "Kafka:DeadLetterTopic")]
    [InlineData("Kafka:AlertTopics:0:Format", "xml", "Kafka:AlertTopics:0:Format")]
    [InlineData("Kafka:MaxBatchMessages", "0", "Kafka:MaxBatchMessages")]
    [InlineData("Kafka:PollTimeout", "00:00:00", "Kafka:PollTimeout")]
    [InlineData("Kafka:Settings:enable.auto.offset.store", "true", "Kafka:Settings:enable.auto.offset.store")]
    public void ThrowIfInvalid_KafkaOnWithABadValue_NamesTheKey(string key, string value, string named)
    {
        (string Key, string Value)[] valid =
        [
            ("Kafka:Enabled", "true"), ("Kafka:BootstrapServers", "127.0.0.1:9092"), ("Kafka:AlertTopics:0:Name", "alerts"),
            ("Kafka:AlertTopics:0:Format", "alertmanager"), ("Kafka:DeadLetterTopic", "dlq"),
        ];
        ConfigurationCheck.ThrowIfInvalid(Configuration(valid));

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(Configuration([.. valid.Where(v => v.Key != key), (key, value)])));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
