using System.Net;
using System.Text;

namespace Correlator.Testing;

/// <summary>
/// A real Prometheus Alertmanager on 127.0.0.1, started for one test with a webhook receiver pointing at
/// the system under test: a test posts alerts to it and Alertmanager groups them and sends webhooks, as in production.
/// </summary>
public sealed partial class AlertmanagerProcess : IAsyncDisposable
{
    public const string NotInstalledMessage = "prometheus-alertmanager is not installed: run tests/run-tests.sh, which installs it";

    private const string DebianExecutable = "/usr/bin/prometheus-alertmanager";
    private const string AddressInUse = "address already in use";
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly Lazy<string?> Executable = new(Locate);

    private readonly TempDirectory _directory;
    private readonly CapturedProcess _process;
    private readonly HttpClient _http;
    private int _disposed;

    private AlertmanagerProcess(TempDirectory directory, CapturedProcess process, string configPath, int port)
    {
        _directory = directory;
        _process = process;
        ConfigPath = configPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>True when an Alertmanager binary was found (Debian's, or one on PATH).</summary>
    public static bool IsInstalled => ExecutablePath is not null;

    public static string? ExecutablePath => Executable.Value;

    /// <summary>Alertmanager's HTTP address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public string ConfigPath { get; }

    public string LogPath => _process.LogPath;

    public static Task<AlertmanagerProcess> StartAsync(Uri webhookUrl, AlertmanagerRouting routing, CancellationToken ct) =>
        StartAsync(webhookUrl, routing, TimeProvider.System, ct);

    /// <summary>Starts Alertmanager with a single route to <paramref name="webhookUrl"/> and returns once <c>/-/ready</c> answers 200.</summary>
    /// <exception cref="InvalidOperationException">Not installed, or the process exited; the message holds its log.</exception>
    /// <exception cref="TimeoutException">Not ready within 30 s; the message holds its log.</exception>
    public static async Task<AlertmanagerProcess> StartAsync(Uri webhookUrl, AlertmanagerRouting routing, TimeProvider timeProvider, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var executable = ExecutablePath ?? throw new InvalidOperationException(NotInstalledMessage);
        var config = BuildConfig(webhookUrl, routing);
        for (var attempt = 1; ; attempt++)
        {
            var alertmanager = await LaunchAsync(executable, config, ct);
            string failure;
            try
            {
                if (await alertmanager.WaitUntilReadyAsync(timeProvider, ct))
                {
                    return alertmanager;
                }

                failure = alertmanager.DescribeFailure("exited before it was ready");
            }
            catch
            {
                await alertmanager.DisposeAsync();
                throw;
            }

            await alertmanager.DisposeAsync();
            // FreePort cannot reserve the port: another process may have taken it in between.
            if (attempt >= MaxStartAttempts || !failure.Contains(AddressInUse, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(failure);
            }
        }
    }

    /// <summary>Posts alerts to <c>/api/v2/alerts</c>, as Prometheus does; throws with Alertmanager's answer unless it accepts them.</summary>
    public async Task PostAlertsAsync(IEnumerable<AlertmanagerAlert> alerts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using var response = await PostAlertsRawAsync(AlertsJson.Write(alerts), ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Alertmanager answered {(int)response.StatusCode} to POST /api/v2/alerts: {body}", null, response.StatusCode);
        }
    }

    /// <summary>Posts a JSON body as is to <c>/api/v2/alerts</c>, for tests of what Alertmanager does with it.</summary>
    public async Task<HttpResponseMessage> PostAlertsRawAsync(string json, CancellationToken ct)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.PostAsync(new Uri("api/v2/alerts", UriKind.Relative), content, ct);
    }

    /// <summary>The end of Alertmanager's captured stdout and stderr.</summary>
    public string ReadLog() => _process.ReadLog();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _http.Dispose();
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<AlertmanagerProcess> LaunchAsync(string executable, string config, CancellationToken ct)
    {
        var directory = new TempDirectory("alertmanager");
        try
        {
            var configPath = directory.Combine("alertmanager.yml");
            await File.WriteAllTextAsync(configPath, config, ct);
            var dataPath = Directory.CreateDirectory(directory.Combine("data")).FullName;
            var port = FreePort.Next();
            string[] arguments =
            [
                "--config.file=" + configPath,
                "--storage.path=" + dataPath,
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=", // empty disables clustering (no gossip port)
                "--log.level=warn",
            ];
            var process = CapturedProcess.Start(executable, arguments, directory.Path, directory.Combine("alertmanager.log"));
            return new AlertmanagerProcess(directory, process, configPath, port);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private async Task<bool> WaitUntilReadyAsync(TimeProvider timeProvider, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            while (!_process.HasExited)
            {
                if (await IsReadyAsync(linked.Token))
                {
                    return true;
                }

                await Task.Delay(PollInterval, timeProvider, linked.Token);
            }

            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException(DescribeFailure($"was not ready within {ReadyTimeout.TotalSeconds} s"));
        }
    }

    private async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // this request timed out; the overall deadline decides
        }
    }

    private string DescribeFailure(string what) =>
        $"""
        prometheus-alertmanager {what}.
        Command: {_process.CommandLine}
        Config ({ConfigPath}):
        {File.ReadAllText(ConfigPath)}
        Log ({LogPath}):
        {_process.ReadLog()}
        """;

    private static string? Locate()
    {
        if (File.Exists(DebianExecutable))
        {
            return DebianExecutable;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in (string[])["prometheus-alertmanager", "alertmanager"])
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
