using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class SeriesKeyTests
{
    [Fact]
    public void Equals_TagsInAnotherOrder_SameKeyAndHash()
    {
        // Arrange
        var first = new SeriesKey("cpu", LabelSet.From(("host", "a"), ("region", "eu")), "usage_idle");
        var second = new SeriesKey("cpu", LabelSet.From(("region", "eu"), ("host", "a")), "usage_idle");

        // Act / Assert
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("mem", "host", "a", "usage_idle")]
    [InlineData("cpu", "host", "b", "usage_idle")]
    [InlineData("cpu", "hostname", "a", "usage_idle")]
    [InlineData("cpu", "host", "a", "usage_user")]
    public void Equals_AnyPartDiffers_NotEqual(string measurement, string tag, string value, string field)
    {
        // Arrange
        var key = new SeriesKey("cpu", LabelSet.From(("host", "a")), "usage_idle");

        // Act
        var other = new SeriesKey(measurement, LabelSet.From((tag, value)), field);

        // Assert
        Assert.NotEqual(key, other);
    }

    [Fact]
    public void Constructor_EmptyMeasurementOrField_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SeriesKey("", LabelSet.Empty, "value"));
        Assert.Throws<ArgumentException>(() => new SeriesKey("cpu", LabelSet.Empty, ""));
    }

    [Fact]
    public void Constructor_NameOfSpaces_Kept()
    {
        // Line protocol can carry an escaped space as a whole measurement name.
        var key = new SeriesKey(" ", LabelSet.Empty, " ");

        Assert.Equal(" ", key.Measurement);
    }

    [Fact]
    public void MetricSample_SameParts_Equal()
    {
        // Arrange
        var time = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var key = new SeriesKey("cpu", LabelSet.Empty, "usage_idle");

        // Act / Assert
        Assert.Equal(new MetricSample(key, time, 1.5), new MetricSample(new SeriesKey("cpu", LabelSet.Empty, "usage_idle"), time, 1.5));
        Assert.NotEqual(new MetricSample(key, time, 1.5), new MetricSample(key, time.AddSeconds(1), 1.5));
    }
}
