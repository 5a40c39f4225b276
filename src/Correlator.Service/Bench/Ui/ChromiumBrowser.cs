using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Correlator.Service.Bench.Ui;

/// <summary>
/// A headless Chromium (Debian's <c>/usr/bin/chromium</c>, no download) driven over the Chrome DevTools Protocol
/// on its own WebSocket: enough of the protocol to open a tab, send headers, navigate, wait for the load event
/// and evaluate a script. The bench uses this instead of Playwright so that the service executable does not
/// carry Playwright's Node driver (hundreds of MB for every platform) for one verb.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _loads = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private long _nextId;

    private ChromiumBrowser(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    public string Version { get; private set; } = "";

    /// <summary>Starts Chromium headless with a throw-away profile and connects to its DevTools endpoint.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync(string executable, CancellationToken cancellationToken)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"Chromium is not installed at {executable} (Debian package 'chromium'; or pass --chromium PATH).", executable);
        }

        var profile = Path.Combine(Path.GetTempPath(), "correlator-bench-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {executable}.");
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var endpoint = await WaitForEndpointAsync(process, profile, cancellationToken).ConfigureAwait(false);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var browser = new ChromiumBrowser(process, profile, socket);
            var version = await browser.SendAsync(null, "Browser.getVersion", null, cancellationToken).ConfigureAwait(false);
            browser.Version = version["product"]?.GetValue<string>() ?? "";
            return browser;
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Opens a new tab (1366 x 768) that sends these headers with every request; returns its session id.</summary>
    public async Task<string> NewTabAsync(IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var target = await SendAsync(null, "Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken).ConfigureAwait(false);
        var targetId = target["targetId"]!.GetValue<string>();
        var attached = await SendAsync(null, "Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true }, cancellationToken).ConfigureAwait(false);
        var session = attached["sessionId"]!.GetValue<string>();
        await SendAsync(session, "Page.enable", null, cancellationToken).ConfigureAwait(false);
        // A laptop screen, as the issue asks the layout to fit.
        await SendAsync(session, "Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = 1366, ["height"] = 768, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken).ConfigureAwait(false);
        await SendAsync(session, "Network.enable", null, cancellationToken).ConfigureAwait(false);
        var extra = new JsonObject();
        foreach (var (name, value) in headers)
        {
            extra[name] = value;
        }

        await SendAsync(session, "Network.setExtraHTTPHeaders", new JsonObject { ["headers"] = extra }, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Navigates the tab and waits for its load event; throws when the navigation itself fails.</summary>
    public async Task NavigateAsync(string session, Uri url, CancellationToken cancellationToken)
    {
        var loaded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loads[session] = loaded;
        var result = await SendAsync(session, "Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken).ConfigureAwait(false);
        if (result["errorText"] is { } error)
        {
            throw new InvalidOperationException($"Chromium could not load {url}: {error}");
        }

        await loaded.Task.WaitAsync(CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates a script (awaiting a promise it returns) in the tab and returns its JSON-serialisable value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string session, string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync(session, "Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, cancellationToken).ConfigureAwait(false);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("The script failed in the page: " + exception.ToJsonString());
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Saves a PNG of what the tab's screen shows (the first screenful, what a person sees first).</summary>
    public async Task ScreenshotAsync(string session, string path, CancellationToken cancellationToken)
    {
        var shot = await SendAsync(session, "Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()), cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseTabAsync(string session, CancellationToken cancellationToken)
    {
        _loads.TryRemove(session, out _);
        var info = await SendAsync(session, "Target.getTargetInfo", null, cancellationToken).ConfigureAwait(false);
        var targetId = info["targetInfo"]!["targetId"]!.GetValue<string>();
        await SendAsync(null, "Target.closeTarget", new JsonObject { ["targetId"] = targetId }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SendAsync(null, "Browser.close", null, timeout.Token).ConfigureAwait(false);
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or InvalidOperationException or TimeoutException)
        {
            // Closing politely failed: the process is killed below either way.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Kill(_process);
        _socket.Dispose();
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket went away with the browser.
        }

        _process.Dispose();
        _send.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child process: a temp folder left behind is harmless.
        }
    }

    private async Task<JsonObject> SendAsync(string? session, string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }

        try
        {
            var answer = await reply.Task.WaitAsync(CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (answer["error"] is { } error)
            {
                throw new InvalidOperationException($"Chromium refused {method}: {error.ToJsonString()}");
            }

            return answer["result"] as JsonObject ?? new JsonObject();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            Dispatch(JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject);
            message.SetLength(0);
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("Chromium closed its DevTools connection."));
        }
    }

    private void Dispatch(JsonObject? message)
    {
        if (message is null)
        {
            return;
        }

        if (message["id"] is { } id && _pending.TryGetValue(id.GetValue<long>(), out var reply))
        {
            reply.TrySetResult(message);
        }
        else if (message["method"]?.GetValue<string>() == "Page.loadEventFired"
            && message["sessionId"]?.GetValue<string>() is { } session && _loads.TryRemove(session, out var loaded))
        {
            loaded.TrySetResult(true);
        }
    }

    /// <summary>Chromium writes its DevTools port and path to DevToolsActivePort in the profile once it listens.</summary>
    private static async Task<Uri> WaitForEndpointAsync(Process process, string profile, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it listened for DevTools.");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
                if (lines.Length >= 2 && int.TryParse(lines[0], System.Globalization.CultureInfo.InvariantCulture, out var port))
                {
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
                }
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("Chromium did not open its DevTools endpoint within 30 s.");
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
