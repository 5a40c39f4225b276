using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Correlator.Service.Bench;

/// <summary>Starts Debian's influxd for a benchmark on 127.0.0.1 free ports with its data in a temp folder, and stops it by its process.</summary>
internal sealed class InfluxBenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private InfluxBenchServer(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>CPU time influxd has used so far (user + system).</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<InfluxBenchServer> StartAsync(string executable, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("correlator-bench-influx-").FullName;
        int http = FreePort(), rpc = FreePort();
        var config = Path.Combine(directory, "influxdb.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpc}"
            [meta]
              dir = "{directory}/meta"
            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:{http}"
              log-enabled = false
            [continuous_queries]
              enabled = false
            """), cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-config");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("influxd did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new InfluxBenchServer(process, directory, new Uri($"http://127.0.0.1:{http}/"));
        using var client = new HttpClient();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var ping = await client.GetAsync(new Uri(server.Url, "ping"), cancellationToken).ConfigureAwait(false);
                if (ping.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await server.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("influxd did not answer /ping within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
