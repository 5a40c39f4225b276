using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Composition;

public sealed class ConfigurationCheckTests
{
    [Fact]
    public void ThrowIfInvalid_Defaults_Passes()
    {
        ConfigurationCheck.ThrowIfInvalid(Configuration());
    }

    [Theory]
    [InlineData("Pipeline:QueueCapacity", "0", "Pipeline:QueueCapacity")]
    [InlineData("Pipeline:QueueCapacity", "many", "Pipeline:QueueCapacity")]
    [InlineData("Ingestion:MaxBodyBytes", "-1", "Ingestion:MaxBodyBytes")]
    [InlineData("Ingestion:MaxLabelsPerSignal", "0", "Ingestion:MaxLabelsPerSignal")]
    [InlineData("Storage:Synchronous", "Sometimes", "Storage:Synchronous")]
    [InlineData("Correlation:QuietPeriod", "-00:00:01", "Correlation:QuietPeriod")]
    [InlineData("Pipeline:MaxQueuedSignals", "5000", "Ingestion:MaxSignalsPerRequest")]
    [InlineData("Detection:Bank:MaxSeries", "0", "Detection:Bank:MaxSeries")]
    [InlineData("Detection:Bank:Rules:0:Detector", "psychic", "Detection:Bank:Rules:0:Detector")]
    [InlineData("LineProtocol:MaxFieldsPerLine", "0", "LineProtocol:MaxFieldsPerLine")]
    [InlineData("Metrics:Write:MaxBodyBytes", "0", "Metrics:Write:MaxBodyBytes")]
    [InlineData("Metrics:Sink:Database", "out", "Influx:Url")]
    [InlineData("Metrics:Sink:MaxBufferedPoints", "0", "Metrics:Sink:MaxBufferedPoints")]
    [InlineData("Metrics:Poller:WatchSets:0:Name", "cpu", "Metrics:Poller:WatchSets:0")]
    public void ThrowIfInvalid_BadValue_NamesTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(Configuration((key, value))));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowIfInvalid_SeveralBadValues_ReportsEveryOne()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            ConfigurationCheck.ThrowIfInvalid(Configuration(("Pipeline:QueueCapacity", "0"), ("Correlation:Window", "-00:00:01"))));

        Assert.Equal(2, error.Failures.Count());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
