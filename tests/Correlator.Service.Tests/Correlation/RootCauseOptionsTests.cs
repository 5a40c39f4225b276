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

    [Theory]
    [InlineData("Window", "00:00:00", "appsettings.json: RootCauseHistory:Window must be positive (got 00:00:00).")]
    [InlineData("MaxIncidents", "0", "appsettings.json: RootCauseHistory:MaxIncidents must be 1..1000000 (got 0).")]
    [InlineData("Refresh", "00:00:00.5", "appsettings.json: RootCauseHistory:Refresh must be at least 00:00:01 (got 00:00:00.5000000).")]
    public void ConfigurationCheck_RootCauseHistoryOutOfRange_NamesFileAndKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RootCauseHistory:" + key] = value })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
