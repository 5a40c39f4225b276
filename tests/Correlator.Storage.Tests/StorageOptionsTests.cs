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

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    public void Validate_WalCatchUpPassesOutOfRange_NamesTheKey(int passes)
    {
        var failure = Assert.Single(Failures(new StorageOptions { WalCatchUpPasses = passes }));

        Assert.Equal([nameof(StorageOptions.WalCatchUpPasses)], failure.MemberNames);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_600_001)]
    public void Validate_WalCheckIntervalOutOfRange_NamesTheKey(int milliseconds)
    {
        var failure = Assert.Single(Failures(new StorageOptions { WalCheckInterval = TimeSpan.FromMilliseconds(milliseconds) }));

        Assert.Equal([nameof(StorageOptions.WalCheckInterval)], failure.MemberNames);
    }

    [Fact]
    public void Validate_WalTruncateRetryPauseOverASecond_NamesTheKey()
    {
        var failure = Assert.Single(Failures(new StorageOptions { WalTruncateRetryPause = TimeSpan.FromMilliseconds(1001) }));

        Assert.Equal([nameof(StorageOptions.WalTruncateRetryPause)], failure.MemberNames);
    }

    private static List<ValidationResult> Failures(StorageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
