using System.Net.Sockets;

namespace Correlator.Testing;

/// <summary>
/// A real SMTP server for tests: Python's aiosmtpd (Debian <c>python3-aiosmtpd</c>) on 127.0.0.1 and a free port,
/// writing each message it accepts to a file in a temp folder (the envelope recipients first, then the message as
/// received). Stopped by killing exactly the process it started; <see cref="RestartAsync"/> brings it back on the same port.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string NotInstalledMessage = "python3 with the aiosmtpd module is not installed: run tests/run-tests.sh, which installs the Debian package python3-aiosmtpd";

    private const string Script = """
        import os, signal, sys, threading
        from aiosmtpd.controller import Controller

        folder, port = sys.argv[1], int(sys.argv[2])
        lock = threading.Lock()
        count = [len(os.listdir(folder))]

        class Writer:
            async def handle_DATA(self, server, session, envelope):
                with lock:
                    count[0] += 1
                    path = os.path.join(folder, "%06d.eml" % count[0])
                with open(path + ".part", "wb") as f:
                    f.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
                    f.write(envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode())
                os.rename(path + ".part", path)
                return "250 Message accepted"

        controller = Controller(Writer(), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
        controller.stop()
        """;

    /// <summary>Debian's interpreter, where the Debian package installs the module (a pyenv python3 earlier on PATH lacks it).</summary>
    private const string Python = "/usr/bin/python3";

    private readonly TempDirectory _directory;
    private CapturedProcess? _process;

    private SmtpTestServer(TempDirectory directory, int port)
    {
        _directory = directory;
        Port = port;
        Directory.CreateDirectory(MailFolder);
    }

    public int Port { get; }

    public string MailFolder => _directory.Combine("mail");

    /// <summary>Whether python3 can import aiosmtpd (checked by running it once).</summary>
    public static bool IsInstalled { get; } = CanImport();

    public static async Task<SmtpTestServer> StartAsync(CancellationToken ct)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(NotInstalledMessage);
        }

        var server = new SmtpTestServer(new TempDirectory("smtp"), FreePort.Next());
        try
        {
            await server.RestartAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and folder and waits until it accepts connections.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        var script = _directory.Combine("server.py");
        await File.WriteAllTextAsync(script, Script, ct);
        _process = CapturedProcess.Start(Python, [script, MailFolder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], _directory.Path, _directory.Combine("server.log"));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, ct);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100, ct);
            }
            catch (SocketException error)
            {
                throw new InvalidOperationException($"aiosmtpd did not start on port {Port}: {error.Message}\n{_process.ReadLog()}", error);
            }
        }
    }

    /// <summary>Kills the server (as an outage would); the received mail stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<string> Messages() =>
        [.. Directory.GetFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    /// <summary>Waits until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || waited.Elapsed > timeout)
            {
                return messages;
            }

            await Task.Delay(50, ct);
        }
    }

    public string ReadLog() => _process?.ReadLog() ?? "(not running)";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private static bool CanImport()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Python, ["-c", "import aiosmtpd.controller"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
