using System.ComponentModel.DataAnnotations;

namespace Correlator.Storage.Tests;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Failures(new StorageOptions()));
    }

    [Theory]
    [InlineData(1024L * 1024 - 1)]
    [InlineData(64L * 1024 * 1024 * 1024 + 1)]
    [InlineData(0L)]
    public void Validate_WalLimitOutOfRange_NamesTheKey(long bytes)
    {
        var failures = Failures(new StorageOptions { WalLimitBytes = bytes });

        var failure = Assert.Single(failures);
        Assert.Equal([nameof(StorageOptions.WalLimitBytes)], failure.MemberNames);
    }

    [Theory]
    [InlineData(1024L * 1024)]
    [InlineData(64L * 1024 * 1024 * 1024)]
    public void Validate_WalLimitAtTheBounds_IsValid(long bytes)
    {
        Assert.Empty(Failures(new StorageOptions { WalLimitBytes = bytes }));
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(6_000)]
    public void Validate_CheckpointBusyTimeoutNotBelowBusyTimeout_NamesBothKeys(int milliseconds)
    {
        var options = new StorageOptions { BusyTimeout = TimeSpan.FromSeconds(5), CheckpointBusyTimeout = TimeSpan.FromMilliseconds(milliseconds) };

        var failure = Assert.Single(Failures(options));

        Assert.Equal([nameof(StorageOptions.CheckpointBusyTimeout)], failure.MemberNames);
        Assert.Contains("Storage:BusyTimeout", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CheckpointBusyTimeoutZero_NamesTheKey()
    {
        var failure = Assert.Single(Failures(new StorageOptions { CheckpointBusyTimeout = TimeSpan.Zero }));

        Assert.Equal([nameof(StorageOptions.CheckpointBusyTimeout)], failure.MemberNames);
    }

    private static List<ValidationResult> Failures(StorageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
