using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Composition;

/// <summary>The write-ahead log's bound is checked at start like every other Storage setting, naming the key.</summary>
public sealed class StorageWalConfigurationTests
{
    [Theory]
    [InlineData("Storage:WalLimitBytes", "1000", "Storage:WalLimitBytes")]
    [InlineData("Storage:WalLimitBytes", "68719476737", "Storage:WalLimitBytes")]
    [InlineData("Storage:WalLimitBytes", "big", "Storage:WalLimitBytes")]
    [InlineData("Storage:CheckpointBusyTimeout", "00:00:05", "Storage:CheckpointBusyTimeout")]
    [InlineData("Storage:CheckpointBusyTimeout", "00:00:00", "Storage:CheckpointBusyTimeout")]
    [InlineData("Storage:WalCheckInterval", "00:00:00", "Storage:WalCheckInterval")]
    [InlineData("Storage:WalCatchUpPasses", "17", "Storage:WalCatchUpPasses")]
    [InlineData("Storage:WalCatchUpPasses", "-1", "Storage:WalCatchUpPasses")]
    [InlineData("Storage:WalTruncateRetryPause", "00:00:02", "Storage:WalTruncateRetryPause")]
    [InlineData("Storage:WalTruncateToZero", "maybe", "Storage:WalTruncateToZero")]
    public void ThrowIfInvalid_BadWalSetting_NamesTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(configuration));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowIfInvalid_CheckpointBusyTimeoutBelowALongerBusyTimeout_Passes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Storage:BusyTimeout", "00:00:30"), new("Storage:CheckpointBusyTimeout", "00:00:10"), new("Storage:WalLimitBytes", "1048576")]).Build();

        ConfigurationCheck.ThrowIfInvalid(configuration);
    }
}
