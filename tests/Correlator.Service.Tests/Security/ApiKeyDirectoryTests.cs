using Correlator.Service.Security;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Security;

/// <summary>The key → hash memory of <see cref="ApiKeyDirectory"/>: the same answer as hashing each time; only valid keys are kept.</summary>
public sealed class ApiKeyDirectoryTests
{
    [Fact]
    public void HashOf_SameKeyTwice_IsTheKeysSha256BothTimes()
    {
        var directory = new ApiKeyDirectory(null!, Options.Create(new SecurityOptions()), TimeProvider.System);
        var key = ApiKeySecret.NewKey();

        Assert.Equal(ApiKeySecret.Hash(key), directory.HashOf(key));
        Assert.Equal(ApiKeySecret.Hash(key), directory.HashOf(key));
    }

    [Fact]
    public void HashOf_MoreKeysThanItRemembers_StillHashesEachCorrectly()
    {
        var directory = new ApiKeyDirectory(null!, Options.Create(new SecurityOptions()), TimeProvider.System);
        var keys = Enumerable.Range(0, 10_050).Select(i => "cor_key" + i).ToList();

        foreach (var key in keys)
        {
            directory.HashOf(key);
        }

        Assert.All(keys.Where((_, i) => i % 97 == 0), key => Assert.Equal(ApiKeySecret.Hash(key), directory.HashOf(key)));
    }

    [Fact]
    public async Task FindAsync_ConfiguredKey_IsRememberedAndFoundAgain()
    {
        var key = ApiKeySecret.NewKey();
        var options = new SecurityOptions { ApiKeys = { new ConfiguredApiKey { Name = "am", Key = key, Role = "ingest" } } };
        var directory = new ApiKeyDirectory(null!, Options.Create(options), TimeProvider.System);

        Assert.Equal(0, directory.RememberedHashes);
        Assert.Equal(("key:am", "ingest"), await directory.FindAsync(key, TestContext.Current.CancellationToken));
        Assert.Equal(1, directory.RememberedHashes);
        Assert.Equal(("key:am", "ingest"), await directory.FindAsync(key, TestContext.Current.CancellationToken));
        Assert.Equal(1, directory.RememberedHashes);
    }
}
