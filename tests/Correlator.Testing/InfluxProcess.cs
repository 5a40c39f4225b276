using System.Net;

namespace Correlator.Testing;

/// <summary>
/// A real InfluxDB 1.x (<c>influxd</c>, Debian package <c>influxdb</c>) on 127.0.0.1, with its config, data,
/// meta and WAL under a temp folder. It can be stopped and started again on the same port and data, to
/// test outages; stopping kills exactly the process it started.
/// </summary>
public sealed class InfluxProcess : IAsyncDisposable
{
    public const string NotInstalledMessage = "influxd is not installed: run tests/run-tests.sh, which installs the Debian package influxdb";

    private const string DebianExecutable = "/usr/bin/influxd";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory;
    private readonly string _configPath;
    private readonly HttpClient _http;
    private CapturedProcess? _process;
    private int _starts;

    private InfluxProcess(TempDirectory directory, string configPath, int port)
    {
        _directory = directory;
        _configPath = configPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static bool IsInstalled => File.Exists(DebianExecutable);

    /// <summary>The HTTP API, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts influxd and returns once <c>/ping</c> answers 204.</summary>
    public static async Task<InfluxProcess> StartAsync(CancellationToken ct)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(NotInstalledMessage);
        }

        var directory = new TempDirectory("influxd");
        var port = FreePort.Next();
        var configPath = directory.Combine("influxdb.conf");
        await File.WriteAllTextAsync(configPath, Config(directory, port, FreePort.Next()), ct);
        var influx = new InfluxProcess(directory, configPath, port);
        try
        {
            await influx.RestartAsync(ct);
            return influx;
        }
        catch
        {
            await influx.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process (as an outage would); the data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts influxd (again) on the same port and data, and waits for <c>/ping</c>.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        _starts++;
        _process = CapturedProcess.Start(DebianExecutable, ["-config", _configPath], _directory.Path, _directory.Combine($"influxd-{_starts}.log"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited before it was ready.\nCommand: {_process.CommandLine}\nLog:\n{_process.ReadLog()}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("ping", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"influxd was not ready within {ReadyTimeout.TotalSeconds} s.\nLog:\n{_process.ReadLog()}");
    }

    /// <summary>Runs an InfluxQL statement with POST /query and returns the JSON; throws with InfluxDB's answer on an error.</summary>
    public async Task<string> QueryAsync(string statement, string? database, CancellationToken ct)
    {
        var form = new Dictionary<string, string> { ["q"] = statement };
        if (database is not null)
        {
            form["db"] = database;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri("query", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new HttpRequestException($"influxd answered {(int)response.StatusCode} to '{statement}': {body}");
        }

        return body;
    }

    public Task CreateDatabaseAsync(string name, CancellationToken ct) => QueryAsync($"CREATE DATABASE \"{name}\"", null, ct);

    public string ReadLog() => _process?.ReadLog() ?? "(not running)";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _directory.Dispose();
    }

    private static string Config(TempDirectory directory, int httpPort, int rpcPort) =>
        $"""
        reporting-enabled = false
        bind-address = "127.0.0.1:{rpcPort}"
        [meta]
          dir = "{directory.Combine("meta")}"
        [data]
          dir = "{directory.Combine("data")}"
          wal-dir = "{directory.Combine("wal")}"
          query-log-enabled = false
        [monitor]
          store-enabled = false
        [http]
          bind-address = "127.0.0.1:{httpPort}"
          log-enabled = false
        [continuous_queries]
          enabled = false
        [subscriber]
          enabled = false
        """;
}
