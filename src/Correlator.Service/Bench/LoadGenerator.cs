using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Correlator.Service.Bench;

/// <summary>Sends request bodies to one endpoint as fast as a fixed number of concurrent senders can (closed loop).</summary>
internal static class LoadGenerator
{
    public sealed record Result(TimeSpan Elapsed, int Requests, int Failed, int Retried, string? FirstError);

    public static async Task<Result> RunAsync(HttpClient client, Uri endpoint, IReadOnlyList<byte[]> bodies, int concurrency, CancellationToken cancellationToken)
    {
        int next = -1, failed = 0, retried = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                for (int attempt = 0; ; attempt++)
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }

                    // Back-pressure is part of the contract: honour Retry-After and send again.
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 100)
                    {
                        Interlocked.Increment(ref retried);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    Interlocked.Increment(ref failed);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}", null);
                    break;
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        watch.Stop();
        return new Result(watch.Elapsed, bodies.Count, failed, retried, firstError);
    }

    /// <summary>An HTTP client with enough pooled connections for the senders.</summary>
    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };
}
