using System.Diagnostics;
using System.Text;

namespace Correlator.Testing;

/// <summary>
/// A server process a test started, with stdout and stderr captured to a log file for failure messages.
/// Stopping kills exactly this process (and its children) through the handle it was started with, never by name.
/// </summary>
internal sealed class CapturedProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private bool _closed;

    private CapturedProcess(Process process, StreamWriter log, string logPath, string commandLine)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        CommandLine = commandLine;
    }

    public string LogPath { get; }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    public static CapturedProcess Start(string fileName, IReadOnlyList<string> arguments, string workingDirectory, string logPath)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = fileName + " " + string.Join(' ', arguments);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        log.WriteLine("$ " + commandLine);
        var process = new Process { StartInfo = startInfo };
        var captured = new CapturedProcess(process, log, logPath, commandLine);
        process.OutputDataReceived += (_, e) => captured.Append(e.Data);
        process.ErrorDataReceived += (_, e) => captured.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return captured;
    }

    /// <summary>The end of the captured output, at most <paramref name="maxChars"/> characters.</summary>
    public string ReadLog(int maxChars = 8_000)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        return text.Length <= maxChars ? text : "[...]" + text[^maxChars..];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            // Also drains the redirected output, so the log is complete before it is closed.
            using var timeout = new CancellationTokenSource(ExitTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time: nothing more a test can do; the OS reaps it.
        }
        catch (InvalidOperationException)
        {
            // The process has already exited and been released.
        }
        finally
        {
            lock (_gate)
            {
                _closed = true;
                _log.Dispose();
            }

            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
