using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>
/// One throughput run of <c>bench ingest</c> with the chosen senders, and where its CPU went: the sender threads,
/// the server (in this process, or a separate one such as Alertmanager), and the rest of this process.
/// </summary>
internal sealed record IngestSend(LoadGenerator.Result Result, TimeSpan ProcessCpu, TimeSpan? SenderCpu, TimeSpan? ExternalServerCpu)
{
    /// <summary>With the raw senders: the busiest other threads of this process during the run, by name, and their CPU.</summary>
    public IReadOnlyList<(string Name, int Count, TimeSpan Cpu)> OtherThreads { get; init; } = [];

    /// <summary>Sends <paramref name="bodies"/> to <paramref name="endpoint"/>; <paramref name="bearer"/> is an API key sent as <c>Authorization: Bearer</c>.</summary>
    public static async Task<IngestSend> RunAsync(IngestSender sender, Uri endpoint, string? bearer, IReadOnlyList<byte[]> bodies, int concurrency, Func<TimeSpan>? externalServerCpu, CancellationToken cancellationToken)
    {
        if (sender == IngestSender.Raw)
        {
            var requests = RawLoadGenerator.Requests(endpoint, bearer is null ? null : "Bearer " + bearer, bodies);
            var (processBefore, externalBefore, threadsBefore) = (CurrentProcessCpu(), externalServerCpu?.Invoke(), ThreadCpu.Threads());
            var raw = await RawLoadGenerator.RunAsync(endpoint, requests, concurrency, cancellationToken).ConfigureAwait(false);
            return new IngestSend(raw.Load, CurrentProcessCpu() - processBefore, raw.SenderCpu, externalServerCpu?.Invoke() - externalBefore)
            {
                OtherThreads = ThreadCpu.Busiest(threadsBefore, ThreadCpu.Threads(), top: 4),
            };
        }

        using var client = LoadGenerator.CreateClient(concurrency);
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        var (before, external) = (CurrentProcessCpu(), externalServerCpu?.Invoke());
        var result = await LoadGenerator.RunAsync(client, endpoint, bodies, concurrency, cancellationToken).ConfigureAwait(false);

        // With a server in another process, everything this process did was sending.
        var processCpu = CurrentProcessCpu() - before;
        return new IngestSend(result, processCpu, externalServerCpu is null ? null : processCpu, externalServerCpu?.Invoke() - external);
    }

    /// <summary>All the CPU of the run: this process and, when the server is another process, that one's.</summary>
    public TimeSpan TotalCpu => ProcessCpu + (ExternalServerCpu ?? TimeSpan.Zero);

    /// <summary>Senders' CPU per request in µs; null when they shared the thread pool with an in-process server.</summary>
    public double? SenderMicrosPerRequest => SenderCpu is { } cpu ? PerRequest(cpu) : null;

    /// <summary>The server's CPU per request in µs (an in-process server: the process less the sender threads); null when not split.</summary>
    public double? ServerMicrosPerRequest => ExternalServerCpu is { } external ? PerRequest(external)
        : SenderCpu is { } senders ? PerRequest(ProcessCpu - senders) : null;

    /// <summary>The CPU line of one target: in total, and per request split between senders and server.</summary>
    public string CpuLine(string server)
    {
        var total = string.Create(CultureInfo.InvariantCulture,
            $"    CPU: {TotalCpu.TotalSeconds:F2} s ({ProcessCpu.TotalSeconds:F2} s in this process{(ExternalServerCpu is { } e ? $", {e.TotalSeconds:F2} s in {server}" : string.Empty)}), {TotalCpu.TotalMilliseconds * 1000 / Result.Requests:F1} µs per request");
        if (SenderMicrosPerRequest is not { } senders || ServerMicrosPerRequest is not { } serving)
        {
            return total + "; senders and server share the thread pool, not split";
        }

        var rest = ExternalServerCpu is not null && SenderCpu is { } s && s != ProcessCpu ? $", rest of this process {PerRequest(ProcessCpu - s):F1} µs" : string.Empty;
        var threads = string.Join(", ", OtherThreads.Select(t => string.Create(CultureInfo.InvariantCulture, $"'{t.Name}' x{t.Count} {PerRequest(t.Cpu):F1}")));
        return total + string.Create(CultureInfo.InvariantCulture, $"; per request: senders {senders:F1} µs, {server} {serving:F1} µs{rest}")
            + (threads.Length > 0 ? $"\n    busiest other threads of this process, µs per request: {threads}" : string.Empty);
    }

    private double PerRequest(TimeSpan cpu) => cpu.TotalMilliseconds * 1000 / Math.Max(1, Result.Requests);

    private static TimeSpan CurrentProcessCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
