using System.Buffers;

namespace Correlator.Service.Http;

/// <summary>Reads a request body into memory, refusing to read past the configured size.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var body = await ReadPooledAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return body?.Memory.ToArray();
    }

    /// <summary>
    /// The body in a pooled buffer (no copy), or null when it is larger than <paramref name="maxBytes"/>. The caller
    /// must be done with <see cref="PooledBody.Memory"/> (a parser that keeps only strings is) before disposing it.
    /// </summary>
    public static async Task<PooledBody?> ReadPooledAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        var initial = (int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }

            var body = new PooledBody(buffer, length);
            buffer = null;
            return body;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

/// <summary>A request body in a buffer rented from the shared pool; disposing returns the buffer.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (_buffer is { } rented)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
