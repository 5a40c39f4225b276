using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Ensemble;

public sealed class SlidingRangeTests
{
    [Fact]
    public void Contains_NothingRemembered_IsFalse()
    {
        var range = new SlidingRange(window: 10, blockSize: 4);

        Assert.False(range.Contains(0.0));
        Assert.Equal(0, range.Count);
    }

    [Fact]
    public void Contains_ValuesOfTheCurrentBlockAndTheCompletedOnes()
    {
        var range = new SlidingRange(window: 10, blockSize: 4);
        foreach (var value in new[] { 5.0, 7.0, 6.0, 5.5, 9.0 })
        {
            range.Add(value);
        }

        Assert.True(range.Contains(5.0));
        Assert.True(range.Contains(9.0));
        Assert.True(range.Contains(8.0));
        Assert.False(range.Contains(4.999));
        Assert.False(range.Contains(9.001));
    }

    [Fact]
    public void Add_OldBlocksLeaveWhole_AndTheCountStaysBounded()
    {
        // Window 10 in blocks of 4: three completed blocks plus the one being filled, so 12 to 15 values.
        var range = new SlidingRange(window: 10, blockSize: 4);
        range.Add(100.0);
        for (var i = 0; i < 11; i++)
        {
            range.Add(1.0);
        }

        Assert.Equal(12, range.Count);
        Assert.True(range.Contains(100.0)); // still in the oldest completed block

        range.Add(1.0);
        range.Add(1.0);
        range.Add(1.0);
        Assert.Equal(15, range.Count);
        Assert.True(range.Contains(100.0));

        range.Add(1.0); // completes a block: the oldest one, holding 100, is overwritten
        Assert.Equal(12, range.Count);
        Assert.False(range.Contains(100.0));

        for (var i = 0; i < 10_000; i++)
        {
            range.Add(i % 7);
            Assert.InRange(range.Count, 1, 15);
        }
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(10, 0)]
    public void Constructor_NonPositiveSizes_Throw(int window, int blockSize)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new SlidingRange(window, blockSize));
    }
}
