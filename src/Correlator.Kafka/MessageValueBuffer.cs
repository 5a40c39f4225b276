using Confluent.Kafka;

namespace Correlator.Kafka;

/// <summary>
/// The consumer's value deserializer: copies each message value out of librdkafka's memory into one buffer that is
/// reused for the next message, instead of a new array per message (Confluent's <c>byte[]</c> deserializer). The
/// value is therefore valid only until the next <c>Consume</c>: the consumer decodes it at once, and copies it only
/// for a dead letter. A value larger than <see cref="_reuseLimit"/> gets an array of its own, so one huge message
/// does not keep a huge buffer alive. Null stays null (a tombstone), distinct from an empty value.
/// </summary>
internal sealed class MessageValueBuffer(int reuseLimit) : IDeserializer<ReadOnlyMemory<byte>?>
{
    private const int InitialBytes = 16 * 1024;

    private readonly int _reuseLimit = Math.Max(1, reuseLimit);
    private byte[] _buffer = [];

    /// <summary>The bytes held for reuse (for tests).</summary>
    internal int Capacity => _buffer.Length;

    public ReadOnlyMemory<byte>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null;
        }

        if (data.Length > _reuseLimit)
        {
            return data.ToArray();
        }

        if (data.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Min(_reuseLimit, Math.Max(InitialBytes, Math.Max(data.Length, _buffer.Length * 2)))];
        }

        data.CopyTo(_buffer);
        return new ReadOnlyMemory<byte>(_buffer, 0, data.Length);
    }
}
