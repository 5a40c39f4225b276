using System.Diagnostics;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>bench ingest --sender raw</c>: the closed loop of <see cref="LoadGenerator"/> with one dedicated thread and one
/// keep-alive <see cref="RawHttpConnection"/> per sender, requests serialised before the clock starts. Dedicated
/// threads keep the senders off the thread pool that an in-process server uses, so their CPU can be read per thread.
/// </summary>
internal static class RawLoadGenerator
{
    private static readonly TimeSpan SocketTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The run, and the CPU its sender threads used (null where per-thread CPU cannot be read).</summary>
    public sealed record Result(LoadGenerator.Result Load, TimeSpan? SenderCpu);

    /// <summary>The whole requests to send, serialised once before a run (and outside its CPU count).</summary>
    public static byte[][] Requests(Uri endpoint, string? authorization, IReadOnlyList<byte[]> bodies) =>
        bodies.Select(b => RawHttpConnection.Request(endpoint, authorization, b)).ToArray();

    public static Task<Result> RunAsync(Uri endpoint, string? authorization, IReadOnlyList<byte[]> bodies, int concurrency, CancellationToken cancellationToken) =>
        RunAsync(endpoint, Requests(endpoint, authorization, bodies), concurrency, cancellationToken);

    /// <summary>Sends every request once over <paramref name="concurrency"/> connections to <paramref name="endpoint"/>'s host and port.</summary>
    public static async Task<Result> RunAsync(Uri endpoint, byte[][] requests, int concurrency, CancellationToken cancellationToken)
    {
        var run = new Run(endpoint, requests, concurrency, cancellationToken);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < concurrency; i++)
        {
            new Thread(run.Send) { IsBackground = true, Name = "bench-sender" }.Start();
        }

        await run.Done.Task.ConfigureAwait(false);
        watch.Stop();
        return new Result(new LoadGenerator.Result(watch.Elapsed, requests.Length, run.Failed, run.Retried, run.FirstError), run.SenderCpu);
    }

    /// <summary>The state the sender threads share.</summary>
    private sealed class Run(Uri endpoint, byte[][] requests, int senders, CancellationToken cancellationToken)
    {
        private readonly Lock _gate = new();
        private int _next = -1;
        private int _running = senders;
        private long _cpuTicks;
        private bool _cpuKnown = true;
        private Exception? _crash;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Failed;

        public int Retried;

        public string? FirstError;

        public TimeSpan? SenderCpu => _cpuKnown ? TimeSpan.FromTicks(_cpuTicks) : null;

        public void Send()
        {
            var cpuBefore = ThreadCpu.Current();
            try
            {
                SendAll();
            }
            catch (Exception error) when (error is IOException or OperationCanceledException)
            {
                _crash ??= error;
            }
            finally
            {
                var cpuAfter = ThreadCpu.Current();
                lock (_gate)
                {
                    if (cpuBefore is { } before && cpuAfter is { } after)
                    {
                        _cpuTicks += (after - before).Ticks;
                    }
                    else
                    {
                        _cpuKnown = false;
                    }

                    if (--_running == 0)
                    {
                        _ = _crash is null ? Done.TrySetResult() : Done.TrySetException(_crash);
                    }
                }
            }
        }

        private void SendAll()
        {
            var connection = RawHttpConnection.Connect(endpoint, SocketTimeout);
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref _next)) < requests.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    connection = SendOne(connection, requests[i]);
                }
            }
            finally
            {
                connection.Dispose();
            }
        }

        /// <summary>One request, again after a 429 as the HttpClient senders do; a failed connection is counted, reported and replaced.</summary>
        private RawHttpConnection SendOne(RawHttpConnection connection, byte[] request)
        {
            for (int attempt = 0; ; attempt++)
            {
                RawResponse response;
                try
                {
                    response = connection.Send(request);
                }
                catch (IOException error)
                {
                    Interlocked.Increment(ref Failed);
                    Interlocked.CompareExchange(ref FirstError, error.Message, null);
                    connection.Dispose();
                    return RawHttpConnection.Connect(endpoint, SocketTimeout);
                }

                if (response.IsSuccess)
                {
                    return connection;
                }

                if (response.StatusCode == 429 && attempt < 100)
                {
                    // This thread is the sender's own: waiting on it holds up nothing else.
                    Interlocked.Increment(ref Retried);
                    cancellationToken.WaitHandle.WaitOne(response.RetryAfter ?? TimeSpan.FromMilliseconds(100));
                    continue;
                }

                Interlocked.Increment(ref Failed);
                Interlocked.CompareExchange(ref FirstError, $"{response.StatusCode}: {response.ErrorBody}", null);
                return connection;
            }
        }
    }
}
