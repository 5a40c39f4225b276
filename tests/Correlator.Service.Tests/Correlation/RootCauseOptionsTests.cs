using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Correlation;

public sealed class RootCauseOptionsTests
{
    [Theory]
    [InlineData("MaxNeighbourhood")]
    [InlineData("MaxRootCauseSignals")]
    public void ConfigurationCheck_CapBelowOne_Named(string key)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CorrelationFiles:" + key] = "0" })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration));

        Assert.Contains($"CorrelationFiles:{key} must be at least 1 (got 0).", error.Message, StringComparison.Ordinal);
    }
}
