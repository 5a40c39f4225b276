using System.Diagnostics;
using System.Globalization;
using Correlator.Detection.Bank;
using Correlator.Domain;
using Correlator.Ingestion.Influx;
using Correlator.Ingestion.LineProtocol;
using Correlator.Service.Metrics;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench influx</c>: loads a real influxd with points, then in one run measures (1) the raw
/// chunked query rate a plain HttpClient gets reading the answer to its end, and (2) the poller's path on
/// the same query: the streamed answer parsed into samples, through the detector bank, and every score
/// written back as <c>correlator_anomaly</c> points. Ends with one JSON line of the headline figures.
/// </summary>
internal static class InfluxBenchmark
{
    public const string Usage = "Usage: correlator bench influx [--series N (1000)] [--points N per series (500)] [--chunk-size N (10000)] [--prefetch CHUNKS (4)] [--influxd PATH (/usr/bin/influxd)] [--url URL (a running server instead)]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        int series = 1000, points = 500, chunkSize = 10_000, prefetch = new WatchSet().PrefetchChunks;
        string influxd = "/usr/bin/influxd";
        Uri? url = null;
        for (int i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--series": series = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--points": points = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--chunk-size": chunkSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--prefetch": prefetch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--influxd": influxd = value; break;
                case "--url": url = new Uri(value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }

            i++;
        }

        await using var server = url is null ? await InfluxBenchServer.StartAsync(influxd, cancellationToken).ConfigureAwait(false) : null;
        url ??= server!.Url;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new InfluxClient(http, new InfluxClientOptions { Url = url, Gzip = true, RequestTimeout = TimeSpan.FromMinutes(10) });
        await CreateAsync(client, "bench", cancellationToken).ConfigureAwait(false);
        await CreateAsync(client, "bench_out", cancellationToken).ConfigureAwait(false);

        long total = (long)series * points;
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var load = await LoadAsync(client, series, points, start, cancellationToken).ConfigureAwait(false);
        var set = new WatchSet { Name = "bench", Database = "bench", Measurement = "cpu", Fields = ["usage"], GroupBy = ["host"] };
        var query = InfluxQuery.Select(set, start.AddTicks(-1), start.AddSeconds(points * 10));

        // Raw, poller, raw again: InfluxDB's caches warm on the first query; the faster raw run is the reference.
        var influxCpu = server?.Cpu ?? TimeSpan.Zero;
        var raw1 = await RawQueryAsync(http, url, query, chunkSize, cancellationToken).ConfigureAwait(false);
        influxCpu = (server?.Cpu ?? TimeSpan.Zero) - influxCpu;
        var sequential = await SequentialAsync(client, query, chunkSize, cancellationToken).ConfigureAwait(false);
        var (read, readTime, readCpu, writeTime, scores) = await PollerPathAsync(client, query, chunkSize, prefetch, cancellationToken).ConfigureAwait(false);
        var parseOnly = await ParseOnlyAsync(client, query, chunkSize, cancellationToken).ConfigureAwait(false);
        var raw2 = await RawQueryAsync(http, url, query, chunkSize, cancellationToken).ConfigureAwait(false);
        var (fromMemory, fromMemoryCpu) = await FromMemoryAsync(http, url, query, chunkSize, prefetch, cancellationToken).ConfigureAwait(false);
        var raw = raw1.Elapsed < raw2.Elapsed ? raw1 : raw2;

        double loadRate = total / load.TotalSeconds;
        double rawRate = total / raw.Elapsed.TotalSeconds;
        double readRate = read / readTime.TotalSeconds;
        double endToEnd = read / (readTime + writeTime).TotalSeconds;
        double writeRate = scores / writeTime.TotalSeconds;
        output.WriteLine("correlator bench influx");
        output.WriteLine($"  influxd             {url} ({(server is null ? "given" : "started by the bench")})");
        output.WriteLine($"  data                {series:N0} series x {points:N0} points = {total:N0} points (measurement cpu, tag host, field usage)");
        output.WriteLine($"  load (client write) {loadRate:N0} points/s");
        output.WriteLine($"  raw query           {rawRate:N0} points/s  (plain HttpClient, chunked, chunk_size {chunkSize}, {raw.Bytes:N0} bytes read to the end; runs {total / raw1.Elapsed.TotalSeconds:N0} and {total / raw2.Elapsed.TotalSeconds:N0}, the faster kept)");
        output.WriteLine($"  poller read only    {total / parseOnly.TotalSeconds:N0} points/s  (streamed JSON -> samples, no bank: the poller's own read cost)");
        output.WriteLine($"  read, then bank     {total / sequential.TotalSeconds:N0} points/s  (each chunk scored before the next is read: the path before the prefetch buffer)");
        output.WriteLine($"  poller read + bank  {readRate:N0} points/s  ({read:N0} samples: streamed JSON -> samples -> detector bank, reading overlapped with scoring, {prefetch} chunks read ahead)");
        output.WriteLine($"  poller from memory  {total / fromMemory.TotalSeconds:N0} points/s  (the same answer replayed from memory, no influxd: the poller's path alone, {total / fromMemoryCpu.TotalSeconds:N0} points per CPU-second of this process)");
        if (server is not null)
        {
            output.WriteLine($"  CPU per point       influxd answering the raw query {influxCpu.TotalMicroseconds / total:F2} us; Correlator reading, parsing and scoring it {readCpu.TotalMicroseconds / total:F2} us (live pass)");
        }

        output.WriteLine($"  write-back          {writeRate:N0} points/s  ({scores:N0} correlator_anomaly points, batches of 5,000, gzip)");
        output.WriteLine($"  read + bank + write {endToEnd:N0} points/s");
        output.WriteLine($"  poller / raw        {readRate / rawRate:P0} (goal: the poller is not the bottleneck before InfluxDB)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"bench\":\"influx\",\"points\":{total},\"raw_query_points_per_second\":{rawRate:F0},\"poller_points_per_second\":{readRate:F0},\"poller_read_only_points_per_second\":{total / parseOnly.TotalSeconds:F0},\"sequential_read_bank_points_per_second\":{total / sequential.TotalSeconds:F0},\"poller_from_memory_points_per_second\":{total / fromMemory.TotalSeconds:F0},\"poller_from_memory_points_per_cpu_second\":{total / fromMemoryCpu.TotalSeconds:F0},\"influxd_cpu_us_per_point\":{(server is null ? "null" : (influxCpu.TotalMicroseconds / total).ToString("F3", CultureInfo.InvariantCulture))},\"poller_cpu_us_per_point\":{readCpu.TotalMicroseconds / total:F3},\"write_back_points_per_second\":{writeRate:F0},\"end_to_end_points_per_second\":{endToEnd:F0},\"poller_to_raw_ratio\":{readRate / rawRate:F3}}}"));
        return read == total ? 0 : 1;
    }

    private static async Task CreateAsync(InfluxClient client, string database, CancellationToken cancellationToken)
    {
        await foreach (var _ in client.QueryAsync(null, $"CREATE DATABASE \"{database}\"", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private static async Task<TimeSpan> LoadAsync(InfluxClient client, int series, int points, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var writer = new LineProtocolWriter(LineProtocolPrecision.Seconds);
        var watch = Stopwatch.StartNew();
        uint noise = 2463534242;
        for (int p = 0; p < points; p++)
        {
            var time = start.AddSeconds(p * 10);
            for (int s = 0; s < series; s++)
            {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                writer.Measurement("cpu").Tag("host", "host-" + s.ToString(CultureInfo.InvariantCulture)).Field("usage", 50.0 + ((noise & 0xFFFF) / 65536.0)).End(time);
                if (writer.Points == 10_000)
                {
                    await client.WriteAsync("bench", null, LineProtocolPrecision.Seconds, writer.ToUtf8(), cancellationToken).ConfigureAwait(false);
                    writer.Clear();
                }
            }
        }

        if (writer.Points > 0)
        {
            await client.WriteAsync("bench", null, LineProtocolPrecision.Seconds, writer.ToUtf8(), cancellationToken).ConfigureAwait(false);
        }

        return watch.Elapsed;
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> RawQueryAsync(HttpClient http, Uri url, string query, int chunkSize, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["db"] = "bench", ["q"] = query, ["epoch"] = "ns", ["chunked"] = "true", ["chunk_size"] = chunkSize.ToString(CultureInfo.InvariantCulture),
        });
        using var response = await http.PostAsync(new Uri(url, "query"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            bytes += n;
        }

        return (watch.Elapsed, bytes);
    }

    private static async Task<TimeSpan> ParseOnlyAsync(InfluxClient client, string query, int chunkSize, CancellationToken cancellationToken)
    {
        var samples = new List<MetricSample>();
        var watch = Stopwatch.StartNew();
        await foreach (var chunk in client.QueryAsync("bench", query, LineProtocolPrecision.Nanoseconds, chunkSize, cancellationToken).ConfigureAwait(false))
        {
            samples.Clear();
            InfluxQuery.AddSamples(chunk, samples);
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// The poller's path with influxd out of the picture: the raw answer is read once into memory, then served to
    /// <see cref="InfluxClient"/> by an in-process handler and run through <see cref="ChunkPump"/> into a fresh bank.
    /// Returns the wall time and this process's CPU time for that pass.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> FromMemoryAsync(HttpClient http, Uri url, string query, int chunkSize, int prefetch, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["db"] = "bench", ["q"] = query, ["epoch"] = "ns", ["chunked"] = "true", ["chunk_size"] = chunkSize.ToString(CultureInfo.InvariantCulture),
        });
        using var response = await http.PostAsync(new Uri(url, "query"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        using var replay = new HttpClient(new ReplayHandler(answer));
        var client = new InfluxClient(replay, new InfluxClientOptions { Url = url });
        var bank = new DetectorBank(new BankOptions { MaxSeries = 1_000_000 });
        var signals = new List<Signal>();
        var scores = new List<SampleScore>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await ChunkPump.RunAsync(
            client.QueryAsync("bench", query, LineProtocolPrecision.Nanoseconds, chunkSize, cancellationToken),
            prefetch,
            samples =>
            {
                bank.Observe(samples, signals, scores);
                return ValueTask.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);
        return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>Answers every request with the same recorded body.</summary>
    private sealed class ReplayHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(body, writable: false)) });
    }

    /// <summary>The path before the prefetch buffer: each chunk parsed and scored before the next is read.</summary>
    private static async Task<TimeSpan> SequentialAsync(InfluxClient client, string query, int chunkSize, CancellationToken cancellationToken)
    {
        var bank = new DetectorBank(new BankOptions { MaxSeries = 1_000_000 });
        var samples = new List<MetricSample>();
        var signals = new List<Signal>();
        var scores = new List<SampleScore>();
        var watch = Stopwatch.StartNew();
        await foreach (var chunk in client.QueryAsync("bench", query, LineProtocolPrecision.Nanoseconds, chunkSize, cancellationToken).ConfigureAwait(false))
        {
            samples.Clear();
            InfluxQuery.AddSamples(chunk, samples);
            bank.Observe(samples, signals, scores);
        }

        return watch.Elapsed;
    }

    /// <summary>The poller's path: <see cref="ChunkPump"/> (reading overlapped with scoring) into a fresh bank, then the scores written back.</summary>
    private static async Task<(long Read, TimeSpan ReadTime, TimeSpan ReadCpu, TimeSpan WriteTime, long Scores)> PollerPathAsync(
        InfluxClient client, string query, int chunkSize, int prefetch, CancellationToken cancellationToken)
    {
        var bank = new DetectorBank(new BankOptions { MaxSeries = 1_000_000 });
        var signals = new List<Signal>();
        var scores = new List<SampleScore>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long read = await ChunkPump.RunAsync(
            client.QueryAsync("bench", query, LineProtocolPrecision.Nanoseconds, chunkSize, cancellationToken),
            prefetch,
            samples =>
            {
                bank.Observe(samples, signals, scores);
                return ValueTask.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);

        var readTime = watch.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        watch.Restart();
        var writer = new LineProtocolWriter(LineProtocolPrecision.Nanoseconds);
        foreach (var s in scores)
        {
            new AnomalyPoint(s.Series, s.Time, s.Value, s.Score, s.Expected, s.Anomalous).Write(writer);
            if (writer.Points == 5_000)
            {
                await client.WriteAsync("bench_out", null, LineProtocolPrecision.Nanoseconds, writer.ToUtf8(), cancellationToken).ConfigureAwait(false);
                writer.Clear();
            }
        }

        if (writer.Points > 0)
        {
            await client.WriteAsync("bench_out", null, LineProtocolPrecision.Nanoseconds, writer.ToUtf8(), cancellationToken).ConfigureAwait(false);
        }

        return (read, readTime, cpu, watch.Elapsed, scores.Count);
    }
}
