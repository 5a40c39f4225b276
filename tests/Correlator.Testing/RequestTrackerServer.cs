using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Correlator.Testing;

/// <summary>
/// The machine's one Request Tracker 5, started by the project's scripts/rt/start-rt.sh (which installs it when
/// missing, serialises concurrent callers and leaves a healthy server alone). Test projects share it; each test
/// uses queues of its own, so no reset is needed between tests. tests/run-tests.sh stops it after the run.
/// </summary>
public sealed class RequestTrackerServer : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri? Url { get; private set; }

    public string CorrelatorToken { get; private set; } = string.Empty;

    public string RootPassword { get; private set; } = string.Empty;

    /// <summary>Why RT could not be started (the tests skip with it), or null.</summary>
    public string? Unavailable { get; private set; }

    public HttpClient Http => _http;

    public static string Script => Path.Combine(FindRoot(), "scripts", "rt", "start-rt.sh");

    public async ValueTask InitializeAsync()
    {
        var (code, output) = await RunScriptAsync("start");
        if (code != 0)
        {
            Unavailable = $"Request Tracker 5 could not be started by {Script} (exit {code}): {output[Math.Max(0, output.Length - 800)..]}";
            return;
        }

        var env = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
        Url = new Uri(env["RT_URL"]);
        CorrelatorToken = env["RT_CORRELATOR_TOKEN"];
        RootPassword = env["RT_PASSWORD"];
    }

    /// <summary>Runs the start script with a command (start, stop); returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Script, command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public void SkipIfUnavailable()
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }
    }

    /// <summary>A REST 2 call as a person (root, basic auth), to read or change tickets the way a service desk would.</summary>
    public async Task<JsonNode?> AsPersonAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url!, "REST/2.0/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("root:" + RootPassword)));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>The tickets of a queue with the given custom field value, by TicketSQL.</summary>
    public async Task<IReadOnlyList<JsonNode>> TicketsAsync(string queue, string idField, string value)
    {
        var query = Uri.EscapeDataString($"Queue = '{queue}' AND 'CF.{{{idField}}}' = '{value}'");
        var result = await AsPersonAsync(HttpMethod.Get, $"tickets?query={query}&orderby=id&order=ASC&per_page=100");
        return [.. result!["items"]!.AsArray().Select(i => i!)];
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
    }
}
