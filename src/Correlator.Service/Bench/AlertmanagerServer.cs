using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Correlator.Service.Bench;

/// <summary>
/// A Prometheus Alertmanager started from the installed binary on a free loopback port, with a
/// throw-away data folder, for side-by-side measurements; stopped by its own pid.
/// </summary>
internal sealed class AlertmanagerServer : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"];
    private readonly Process _process;
    private readonly string _folder;

    private AlertmanagerServer(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string? FindExecutable(string? configured) =>
        configured is { Length: > 0 } ? (File.Exists(configured) ? configured : null) : Candidates.FirstOrDefault(File.Exists);

    public static async Task<AlertmanagerServer> StartAsync(string executable, TimeProvider clock, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "correlator-bench-am-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "alertmanager.yml");
        // A receiver with no integrations: the benchmark measures what the API accepts, not notifications.
        await File.WriteAllTextAsync(config, "route:\n  receiver: blackhole\n  group_by: ['service']\nreceivers:\n  - name: blackhole\n", cancellationToken).ConfigureAwait(false);
        int port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--config.file=" + config, "--storage.path=" + Path.Combine(folder, "data"), "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--cluster.listen-address=", "--log.level=warn" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AlertmanagerServer(process, folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        await server.WaitReadyAsync(clock, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>CPU time the Alertmanager process has used so far (user and system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task WaitReadyAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (clock.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Alertmanager exited with code {_process.ExitCode} at start.");
            }

            try
            {
                using var response = await client.GetAsync("-/ready", cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("Alertmanager was not ready within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
