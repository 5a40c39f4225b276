using System.IO.Compression;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Influx;

/// <summary>
/// InfluxDB over its documented HTTP API: <c>POST /write</c> (line protocol, db / rp / precision, gzip)
/// and <c>POST /query</c> (InfluxQL, <c>chunked=true</c>, read as a stream of JSON chunks with
/// <see cref="Utf8JsonReader"/> so an answer is never held whole). Targets 1.x and the 1.x-compatible
/// endpoints of 2.x / 3.x (basic or token authentication). Errors carry InfluxDB's own message.
/// No retries here: the caller decides (each operation is retried in one place).
/// </summary>
public sealed partial class InfluxClient
{
    private readonly HttpClient _http;
    private readonly InfluxClientOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <param name="http">A client whose lifetime the caller manages (its timeout is left as it is).</param>
    public InfluxClient(HttpClient http, InfluxClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        BaseAddress = options.Url ?? throw new ArgumentException("Influx:Url is not set.", nameof(options));
        if (!string.IsNullOrEmpty(options.Token))
        {
            _authorization = new AuthenticationHeaderValue("Token", options.Token);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes(options.Username + ":" + (options.Password ?? string.Empty));
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>Writes a line-protocol body; throws <see cref="InfluxException"/> with InfluxDB's message when refused.</summary>
    public async Task WriteAsync(string database, string? retentionPolicy, LineProtocolPrecision precision, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        var query = new StringBuilder("write?db=").Append(Uri.EscapeDataString(database));
        if (!string.IsNullOrEmpty(retentionPolicy))
        {
            query.Append("&rp=").Append(Uri.EscapeDataString(retentionPolicy));
        }

        query.Append("&precision=").Append(LineProtocolTime.Name(precision) == "ns" ? "n" : LineProtocolTime.Name(precision));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, query.ToString()));
        request.Content = _options.Gzip ? Gzip(body) : new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        if (_options.Gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, "write", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs InfluxQL and streams the series of its answer chunk by chunk (times as integers in
    /// <paramref name="epoch"/>). A statement error inside the answer throws <see cref="InfluxException"/> with its message.
    /// </summary>
    public async IAsyncEnumerable<InfluxSeries> QueryAsync(
        string? database, string influxQl, LineProtocolPrecision epoch = LineProtocolPrecision.Nanoseconds, int chunkSize = 10_000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(influxQl);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var form = new List<KeyValuePair<string, string>>
        {
            new("q", influxQl),
            new("epoch", LineProtocolTime.Name(epoch) == "ns" ? "ns" : LineProtocolTime.Name(epoch)),
            new("chunked", "true"),
            new("chunk_size", chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(database))
        {
            form.Add(new("db", database));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "query"));
        request.Content = new FormUrlEncodedContent(form);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, "query", cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var series = new List<InfluxSeries>();
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (TryTakeLine(ref buffer, out var line))
                {
                    series.Clear();
                    ParseChunk(line, series);
                    foreach (var item in series)
                    {
                        yield return item;
                    }
                }

                if (read.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        series.Clear();
                        ParseChunk(buffer, series);
                        foreach (var item in series)
                        {
                            yield return item;
                        }

                        buffer = buffer.Slice(buffer.End);
                    }

                    reader.AdvanceTo(buffer.End);
                    yield break;
                }

                if (buffer.Length > _options.MaxChunkBytes)
                {
                    throw new InfluxException($"A chunk of the query answer is larger than {_options.MaxChunkBytes} bytes (Influx:MaxChunkBytes); lower the chunk size.");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Checks InfluxDB answers (<c>/ping</c>, 204); throws when it does not.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "ping"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, "ping", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"InfluxDB at {BaseAddress} did not answer within {_options.RequestTimeout} (Influx:RequestTimeout).", error);
        }
    }

    private static ByteArrayContent Gzip(ReadOnlyMemory<byte> body)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body.Span);
        }

        return new ByteArrayContent(packed.GetBuffer(), 0, (int)packed.Length);
    }

    private static async Task<InfluxException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                message = error.GetString();
            }
            else if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var v2))
            {
                message = v2.GetString(); // 2.x answers {"code":..., "message":...}
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, for instance): fall back to the header or the text.
        }

        message ??= response.Headers.TryGetValues("X-Influxdb-Error", out var header) ? string.Join(" ", header) : body.Trim();
        return new InfluxException($"InfluxDB {what} failed ({(int)response.StatusCode} {response.StatusCode}): {message}", response.StatusCode);
    }
}
