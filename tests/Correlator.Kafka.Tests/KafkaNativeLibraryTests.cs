using Confluent.Kafka;

namespace Correlator.Kafka.Tests;

public sealed class KafkaNativeLibraryTests
{
    [Fact]
    public void EnsureLoaded_OnThisMachine_LoadsABuildConfluentKafkaUses()
    {
        var path = KafkaNativeLibrary.EnsureLoaded();

        Assert.True(File.Exists(path), path);
        Assert.True(Library.IsLoaded);
        Assert.Equal(path, KafkaNativeLibrary.EnsureLoaded());
        Assert.StartsWith("2.16", Library.VersionString, StringComparison.Ordinal);
    }
}
