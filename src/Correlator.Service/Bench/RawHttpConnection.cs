using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Correlator.Service.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection for <c>bench ingest --sender raw</c>: a blocking socket used by one sender
/// thread, requests serialised once up front (<see cref="Request"/>), responses parsed from a pooled buffer (status
/// line, <c>Content-Length</c>, chunked bodies, <c>Retry-After</c>, <c>Connection: close</c>). Nothing is allocated
/// per request unless the answer is not 2xx (its first bytes are kept as text to report). What it costs per request
/// is a send and a receive system call, against the tens of µs of <see cref="HttpClient"/> that the bench's
/// senders otherwise take from the same cores as the server under test.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private const int BufferBytes = 16 * 1024;
    private const int ErrorBodyBytes = 300;

    private readonly Socket _socket;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private readonly byte[] _errorBody = new byte[ErrorBodyBytes];
    private int _start;
    private int _end;
    private int _errorLength;
    private bool _capture;
    private bool _closedByServer;

    private RawHttpConnection(Socket socket) => _socket = socket;

    /// <summary>Opens a connection to <paramref name="endpoint"/>'s host and port; a send or receive that takes longer than <paramref name="timeout"/> fails.</summary>
    public static RawHttpConnection Connect(Uri endpoint, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(endpoint.Host, endpoint.Port);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new IOException($"Could not connect to {endpoint.Authority}: {error.SocketErrorCode}.", error);
        }

        return new RawHttpConnection(socket);
    }

    /// <summary>The bytes of a <c>POST</c> of a JSON <paramref name="body"/> to <paramref name="endpoint"/>, headers and body together.</summary>
    public static byte[] Request(Uri endpoint, string? authorization, ReadOnlySpan<byte> body)
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n{(authorization is null ? string.Empty : $"Authorization: {authorization}\r\n")}Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var request = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
        int written = Encoding.ASCII.GetBytes(head, request);
        body.CopyTo(request.AsSpan(written));
        return request;
    }

    /// <summary>
    /// Sends one whole request and reads its whole response. Throws <see cref="IOException"/> naming what went wrong
    /// when the connection fails or the server closes it, or closed it after the previous response.
    /// </summary>
    public RawResponse Send(ReadOnlySpan<byte> request)
    {
        if (_closedByServer)
        {
            throw new IOException("The server closed the connection after the previous response (Connection: close, or a body read to the end).");
        }

        try
        {
            for (int sent = 0; sent < request.Length;)
            {
                sent += _socket.Send(request[sent..]);
            }

            return ReadResponse();
        }
        catch (SocketException error)
        {
            _closedByServer = true;
            throw new IOException(error.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                ? $"The server closed the connection (reset it, {error.SocketErrorCode}) before a complete response."
                : $"The connection failed: {error.SocketErrorCode} ({error.Message}).", error);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private RawResponse ReadResponse()
    {
        while (true)
        {
            int headEnd = ReceiveHead();
            var head = new ReadOnlySpan<byte>(_buffer, _start, headEnd - _start);
            _start = headEnd;
            var status = ParseHead(head, out long contentLength, out bool chunked, out bool close, out TimeSpan? retryAfter);
            if (status is >= 100 and < 200)
            {
                continue; // an interim answer (100 Continue): the real one follows
            }

            _capture = status is < 200 or >= 300;
            _errorLength = 0;
            if (status is 204 or 304)
            {
                // No body, whatever the headers say.
            }
            else if (chunked)
            {
                SkipChunked();
            }
            else if (contentLength >= 0)
            {
                Skip(contentLength);
            }
            else
            {
                SkipToEnd();
                close = true;
            }

            _closedByServer |= close;
            return new RawResponse(status, retryAfter, _capture ? Encoding.UTF8.GetString(_errorBody, 0, _errorLength) : null);
        }
    }

    private static int ParseHead(ReadOnlySpan<byte> head, out long contentLength, out bool chunked, out bool close, out TimeSpan? retryAfter)
    {
        (contentLength, chunked, close, retryAfter) = (-1, false, false, null);
        int lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        if (!statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out int consumed) || consumed != 3)
        {
            throw new IOException($"Not an HTTP/1.x status line: '{Encoding.ASCII.GetString(statusLine[..Math.Min(statusLine.Length, 80)])}'.");
        }

        for (var rest = head[(lineEnd + 2)..]; rest.Length > 2; )
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLength = Utf8Parser.TryParse(value, out long length, out int used) && used == value.Length && length >= 0
                    ? length
                    : throw new IOException($"Bad Content-Length '{Encoding.ASCII.GetString(value)}'.");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = EndsWithIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = EndsWithIgnoreCase(value, "close"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Retry-After"u8) && Utf8Parser.TryParse(value, out int seconds, out _))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }
        }

        return status;
    }

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> suffix) =>
        value.Length >= suffix.Length && Ascii.EqualsIgnoreCase(value[^suffix.Length..], suffix);

    /// <summary>Receives until the buffer holds the whole head; returns the index just past its blank line.</summary>
    private int ReceiveHead()
    {
        while (true)
        {
            int at = new ReadOnlySpan<byte>(_buffer, _start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (at >= 0)
            {
                return _start + at + 4;
            }

            if (Receive() == 0)
            {
                throw new IOException(_end == _start
                    ? "The server closed the connection without answering."
                    : "The server closed the connection in the middle of the response headers.");
            }
        }
    }

    private void SkipChunked()
    {
        while (true)
        {
            var sizeLine = ReadLine();
            int extension = sizeLine.IndexOf((byte)';');
            var digits = (extension >= 0 ? sizeLine[..extension] : sizeLine).Trim(" \t"u8);
            if (!Utf8Parser.TryParse(digits, out long size, out int used, 'x') || used != digits.Length)
            {
                throw new IOException($"Bad chunk size '{Encoding.ASCII.GetString(digits)}'.");
            }

            if (size == 0)
            {
                while (ReadLine().Length > 0)
                {
                    // Trailers: not used.
                }

                return;
            }

            Skip(size);
            if (ReadLine().Length != 0)
            {
                throw new IOException("A chunk is longer than its size says.");
            }
        }
    }

    /// <summary>The next line without its CRLF; valid until the next receive.</summary>
    private ReadOnlySpan<byte> ReadLine()
    {
        while (true)
        {
            int at = new ReadOnlySpan<byte>(_buffer, _start, _end - _start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = new ReadOnlySpan<byte>(_buffer, _start, at);
                _start += at + 2;
                return line;
            }

            if (Receive() == 0)
            {
                throw new IOException("The server closed the connection in the middle of a chunked body.");
            }
        }
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end && Receive() == 0)
            {
                throw new IOException($"The server closed the connection with {count} body bytes still to come.");
            }

            int take = (int)Math.Min(count, _end - _start);
            Keep(take);
            _start += take;
            count -= take;
        }
    }

    private void SkipToEnd()
    {
        do
        {
            Keep(_end - _start);
            _start = _end;
        }
        while (Receive() > 0);
    }

    /// <summary>Keeps the first bytes of a body that is not 2xx, for the report.</summary>
    private void Keep(int count)
    {
        if (_capture && _errorLength < _errorBody.Length)
        {
            int take = Math.Min(count, _errorBody.Length - _errorLength);
            Array.Copy(_buffer, _start, _errorBody, _errorLength, take);
            _errorLength += take;
        }
    }

    /// <summary>Receives more bytes after the unread ones (moving them to the front when the buffer is full); 0 when the server closed.</summary>
    private int Receive()
    {
        if (_start == _end)
        {
            (_start, _end) = (0, 0);
        }
        else if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw new IOException($"A response line or head is longer than {_buffer.Length} bytes.");
            }

            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            (_start, _end) = (0, _end - _start);
        }

        int received = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        _end += received;
        return received;
    }
}

