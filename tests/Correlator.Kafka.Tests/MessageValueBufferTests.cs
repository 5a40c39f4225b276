using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Correlator.Kafka.Tests;

public sealed class MessageValueBufferTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "topic");

    [Fact]
    public void Deserialize_Null_StaysNull_AndEmptyStaysEmpty()
    {
        var buffer = new MessageValueBuffer(1024);

        Assert.Null(buffer.Deserialize([], isNull: true, Context));
        var empty = buffer.Deserialize([], isNull: false, Context);
        Assert.NotNull(empty);
        Assert.Equal(0, empty.Value.Length);
    }

    [Fact]
    public void Deserialize_SmallValues_CopiedIntoOneReusedBuffer()
    {
        var buffer = new MessageValueBuffer(1024);

        var first = buffer.Deserialize("first value"u8, isNull: false, Context);
        Assert.Equal("first value"u8.ToArray(), first!.Value.ToArray());
        var second = buffer.Deserialize("second"u8, isNull: false, Context);

        Assert.Equal("second"u8.ToArray(), second!.Value.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(first.Value, out var a));
        Assert.True(MemoryMarshal.TryGetArray(second.Value, out var b));
        Assert.Same(a.Array, b.Array);
    }

    [Fact]
    public void Deserialize_ValueOverTheReuseLimit_GetsItsOwnArray_AndTheBufferStaysSmall()
    {
        var buffer = new MessageValueBuffer(100);
        buffer.Deserialize(new byte[10], isNull: false, Context);
        var big = Enumerable.Range(0, 500).Select(i => (byte)i).ToArray();

        var value = buffer.Deserialize(big, isNull: false, Context);

        Assert.Equal(big, value!.Value.ToArray());
        Assert.True(buffer.Capacity <= 100, $"capacity {buffer.Capacity}");
        var after = buffer.Deserialize(new byte[] { 1, 2, 3 }, isNull: false, Context);
        Assert.Equal(big, value.Value.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, after!.Value.ToArray());
    }

    [Fact]
    public void Deserialize_GrowingValues_BufferGrowsUpToTheLimitOnly()
    {
        var buffer = new MessageValueBuffer(40_000);

        var value = buffer.Deserialize(new byte[39_000], isNull: false, Context);

        Assert.Equal(39_000, value!.Value.Length);
        Assert.InRange(buffer.Capacity, 39_000, 40_000);
    }
}
