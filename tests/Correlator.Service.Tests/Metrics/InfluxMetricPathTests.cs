using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Correlator.Service.Metrics;
using Correlator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Metrics;

/// <summary>The poller and the sink against a real influxd 1.6.7, with outages and service restarts.</summary>
public sealed class InfluxMetricPathTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private InfluxProcess? _influx;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync()
    {
        if (InfluxProcess.IsInstalled)
        {
            _influx = await InfluxProcess.StartAsync(TestContext.Current.CancellationToken);
            await _influx.CreateDatabaseAsync("src", TestContext.Current.CancellationToken);
            await _influx.CreateDatabaseAsync("out", TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_influx is not null)
        {
            await _influx.DisposeAsync();
        }
    }

    private InfluxProcess Influx => _influx ?? throw new InvalidOperationException(InfluxProcess.NotInstalledMessage);

    private string[] Settings(params string[] extra) =>
    [
        "Influx:Url=" + Influx.BaseAddress,
        "Metrics:Poller:WatchSets:0:Name=cpu",
        "Metrics:Poller:WatchSets:0:Database=src",
        "Metrics:Poller:WatchSets:0:Measurement=cpu",
        "Metrics:Poller:WatchSets:0:Fields:0=usage",
        "Metrics:Poller:WatchSets:0:GroupBy:0=host",
        "Metrics:Poller:WatchSets:0:Interval=00:00:00.2",
        "Metrics:Poller:WatchSets:0:Lag=00:00:03",
        "Metrics:Poller:WatchSets:0:MaxChunk=00:00:02",
        "Metrics:Poller:WatchSets:0:InitialLookback=00:00:30",
        "Metrics:Poller:RetryDelay=00:00:00.1",
        "Metrics:Poller:RetryMaxDelay=00:00:00.5",
        .. extra,
    ];

    /// <summary>Writes points stamped "now" (as Telegraf does), spread over the last 200 ms; returns how many.</summary>
    private async Task<int> WritePieceAsync(int piece, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var time = now.AddMilliseconds(-200 + (i * 200.0 / count));
            var ns = (time.ToUnixTimeMilliseconds() * 1_000_000) + i;
            body.Append(CultureInfo.InvariantCulture, $"cpu,host=h{i % 2} usage={40 + (piece % 3) + (i % 5 * 0.1)} {ns}\n");
        }

        using var content = new StringContent(body.ToString());
        using var response = await _http.PostAsync(new Uri(Influx.BaseAddress, "write?db=src"), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < Patience, "timed out waiting until " + what());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<long> CountAsync(string query)
    {
        var json = JsonDocument.Parse(await Influx.QueryAsync(query, "out", TestContext.Current.CancellationToken)).RootElement;
        var result = json.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    private static InfluxPoller Poller(ServiceHost host) => host.App.Services.GetRequiredService<InfluxPoller>();

    [Fact]
    public async Task Poller_SeriesWrittenInPiecesAcrossARestart_EveryPointExactlyOnce()
    {
        if (_influx is null)
        {
            Assert.Skip(InfluxProcess.NotInstalledMessage);
        }

        // Arrange
        await using var host = await ServiceHost.StartAsync(Settings());
        int written = 0;

        // Act: three pieces, a graceful restart, three more.
        for (int piece = 0; piece < 3; piece++)
        {
            written += await WritePieceAsync(piece, 40);
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }

        var expected = written;
        await WaitUntilAsync(() => Poller(host).SamplesRead == expected, () => $"the first run read {expected} samples");
        long firstRun = Poller(host).SamplesRead;
        await host.RestartAsync();
        for (int piece = 3; piece < 6; piece++)
        {
            written += await WritePieceAsync(piece, 40);
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }

        var total = written;
        await WaitUntilAsync(() => firstRun + Poller(host).SamplesRead >= total, () => $"both runs read {total} samples");
        await Task.Delay(2500, TestContext.Current.CancellationToken); // a repeat would show up within a few polls

        // Assert
        Assert.Equal(written, firstRun + Poller(host).SamplesRead);
        var path = host.App.Services.GetRequiredService<MetricPath>();
        Assert.Equal(0, path.Stats.OutOfOrder);
        var health = await host.GetJsonAsync("/health");
        var source = Assert.Single(health.GetProperty("sources").EnumerateArray());
        Assert.Equal("influx:cpu", source.GetProperty("name").GetString());
        Assert.Equal("up", source.GetProperty("state").GetString());
    }

    [Fact]
    public async Task InfluxDown_PollerDegradedThenCatchesUp_SinkFlushesAndReportsDrops()
    {
        if (_influx is null)
        {
            Assert.Skip(InfluxProcess.NotInstalledMessage);
        }

        // Arrange: a sink buffer of 100 points, so an outage overflows it.
        await using var host = await ServiceHost.StartAsync(Settings(
            "Metrics:Sink:Database=out", "Metrics:Sink:MaxBufferedPoints=100", "Metrics:Sink:BatchSize=50",
            "Metrics:Sink:FlushInterval=00:00:00.1", "Metrics:Sink:RetryDelay=00:00:00.1", "Metrics:Sink:RetryMaxDelay=00:00:00.5"));
        var sink = host.App.Services.GetRequiredService<InfluxSink>();
        int written = await WritePieceAsync(0, 40);
        await WaitUntilAsync(() => Poller(host).SamplesRead == 40 && sink.Written == 40, () => "the first piece is read and written back");

        // Act: InfluxDB goes away while samples keep arriving through /write.
        await Influx.StopAsync();
        var lines = new StringBuilder();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (int i = 0; i < 300; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"mem,host=h0 used={50 + (i % 7)} {start.AddSeconds(i).ToUnixTimeSeconds()}\n");
        }

        using (var content = new StringContent(lines.ToString()))
        {
            using var response = await host.Client.PostAsync("/write?db=telegraf&precision=s", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await WaitUntilAsync(() => sink.Dropped > 0, () => "the sink drops what its buffer cannot hold");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        using (var during = await host.Client.GetAsync("/health", TestContext.Current.CancellationToken))
        {
            var health = JsonDocument.Parse(await during.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal(HttpStatusCode.OK, during.StatusCode);
            Assert.Equal("healthy", health.GetProperty("status").GetString());
            Assert.Contains(health.GetProperty("sources").EnumerateArray(), s => s.GetProperty("name").GetString() == "influx:cpu" && s.GetProperty("state").GetString() == "degraded");
        }

        var metricsDuring = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        await Influx.RestartAsync(TestContext.Current.CancellationToken);
        written += await WritePieceAsync(1, 40);

        // Assert: every point read once, everything buffered written, the rest counted as dropped.
        await WaitUntilAsync(() => Poller(host).SamplesRead == written, () => $"the poller caught up to {written} samples");
        await WaitUntilAsync(() => sink.Buffered == 0 && sink.Written + sink.Dropped >= 40 + 300 + 40, () => $"the sink flushed its buffer (written {sink.Written}, dropped {sink.Dropped}, buffered {sink.Buffered})");
        Assert.Contains("correlator_source_up{source=\"influx:cpu\"} 0\n", metricsDuring, StringComparison.Ordinal);
        // 300 scores met a buffer of 100 (one batch of 50 may have been in flight); incident markers may add a few.
        Assert.InRange(sink.Dropped, 150, 210);
        var metrics = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains($"correlator_sink_points_dropped_total {sink.Dropped}\n", metrics, StringComparison.Ordinal);
        Assert.Contains("correlator_source_up{source=\"influx:cpu\"} 1\n", metrics, StringComparison.Ordinal);
        var anomalies = await CountAsync("SELECT count(score) FROM correlator_anomaly");
        var markers = await CountAsync("SELECT count(id) FROM correlator_incident");
        Assert.Equal(sink.Written, anomalies + markers);
        Assert.True(anomalies >= 40 + 100 + 40, $"only {anomalies} scores stored");
    }

    [Fact]
    public async Task Sink_AnomalyThroughWrite_IncidentMarkerInInflux()
    {
        if (_influx is null)
        {
            Assert.Skip(InfluxProcess.NotInstalledMessage);
        }

        // Arrange
        await using var host = await ServiceHost.StartAsync(
            "Influx:Url=" + Influx.BaseAddress, "Metrics:Sink:Database=out", "Metrics:Sink:WriteScores=false", "Metrics:Sink:FlushInterval=00:00:00.1");
        var lines = new StringBuilder();
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 60; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"cpu,host=web-1,service=shop usage={40 + (i % 3)} {start.AddMinutes(i).ToUnixTimeSeconds()}\n");
        }

        lines.Append(CultureInfo.InvariantCulture, $"cpu,host=web-1,service=shop usage=400 {start.AddMinutes(60).ToUnixTimeSeconds()}\n");

        // Act
        using var content = new StringContent(lines.ToString());
        using var response = await host.Client.PostAsync("/write?db=telegraf&precision=s", content, TestContext.Current.CancellationToken);
        var sink = host.App.Services.GetRequiredService<InfluxSink>();
        await WaitUntilAsync(() => sink.Written >= 1, () => "the marker is written");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await Influx.QueryAsync("SELECT * FROM correlator_incident", "out", TestContext.Current.CancellationToken);
        Assert.Contains("\"opened\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"shop\"", stored, StringComparison.Ordinal);
        Assert.Contains("2026-11-24T01:00:00Z", stored, StringComparison.Ordinal);
    }
}
