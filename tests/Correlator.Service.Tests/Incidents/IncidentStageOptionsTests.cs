using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Incidents;

public sealed class IncidentStageOptionsTests
{
    [Theory]
    [InlineData("00:05:01")]
    [InlineData("-00:00:01")]
    public void ConfigurationCheck_DeferredFlushIntervalOutOfRange_NamesTheKey(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["IncidentStage:DeferredFlushInterval"] = value })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration));

        Assert.Contains("IncidentStage:DeferredFlushInterval", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:05")]
    public void ConfigurationCheck_DeferredFlushIntervalInRange_Passes(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["IncidentStage:DeferredFlushInterval"] = value })
            .Build();

        ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration);
    }
}
