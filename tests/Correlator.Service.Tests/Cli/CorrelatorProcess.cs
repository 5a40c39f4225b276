using System.Diagnostics;
using System.Text;

namespace Correlator.Service.Tests.Cli;

/// <summary>
/// The real <c>correlator</c> executable started the way a user starts it (<c>dotnet correlator.dll VERB ...</c>),
/// with its output captured. It is stopped through its own <see cref="Process"/> handle, never by name.
/// </summary>
internal sealed class CorrelatorProcess : IAsyncDisposable
{
    /// <summary>The longest any single run may take before the test kills it and fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private CorrelatorProcess(Process process) => _process = process;

    /// <summary>The service's entry assembly, copied next to the test assembly by the project reference.</summary>
    public static string EntryAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "correlator.dll");

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Runs one command to its end (at most <see cref="Timeout"/>, then it is killed and the test fails).</summary>
    public static async Task<CorrelatorResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        await using var process = Start(workingDirectory, arguments);
        var exited = await process.WaitForExitAsync(Timeout);
        Assert.True(exited, $"correlator {string.Join(' ', arguments)} did not exit within {Timeout.TotalSeconds} s and was killed.{Environment.NewLine}{process.Describe()}");
        return new CorrelatorResult(process._process.ExitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>The API key (role viewer) every started process accepts.</summary>
    public const string ViewerKey = "test-viewer-key-for-child-processes";

    /// <summary>Starts a long-running command (the service); dispose to kill it.</summary>
    public static CorrelatorProcess Start(string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(EntryAssembly), $"{EntryAssembly} is missing: the test project must reference Correlator.Service.");
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(EntryAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Settings a developer's shell might carry would change what the command does.
        foreach (var name in (string[])["ASPNETCORE_URLS", "URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"])
        {
            startInfo.Environment.Remove(name);
        }

        // A viewer key, so tests can read the API of a service they did not sign in to; passwords are cheap to check.
        startInfo.Environment["Security__ApiKeys__0__Name"] = "test-viewer";
        startInfo.Environment["Security__ApiKeys__0__Role"] = "viewer";
        startInfo.Environment["Security__ApiKeys__0__Key"] = ViewerKey;
        startInfo.Environment["Security__PasswordIterations"] = "1000";

        var process = new Process { StartInfo = startInfo };
        var started = new CorrelatorProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(started._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(started._stderr, e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the process to exit and its output to be read; kills it and answers false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return false;
        }
    }

    /// <summary>Kills this process (a web server has no other way out here) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (InvalidOperationException)
        {
            // Already exited and released.
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; the OS reaps it.
        }
    }

    /// <summary>For assertion messages: the output so far.</summary>
    public string Describe() =>
        $"--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}";

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
