using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Correlator.Service.Tests.Problems;

/// <summary>
/// The machine's one Request Tracker 5, started (installed when missing) by scripts/rt/start-rt.sh, which leaves
/// a healthy server alone; tests use queues of their own. Reads as a person (root) to check what Correlator made.
/// </summary>
public sealed class RequestTrackerInstance : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri? Url { get; private set; }

    public string CorrelatorToken { get; private set; } = string.Empty;

    private string RootPassword { get; set; } = string.Empty;

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(Root(), "scripts", "rt", "start-rt.sh");
        var start = new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            Unavailable = $"Request Tracker 5 could not be started by {script} (exit {process.ExitCode}): {output[Math.Max(0, output.Length - 800)..]}";
            return;
        }

        var env = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
        Url = new Uri(env["RT_URL"]);
        CorrelatorToken = env["RT_CORRELATOR_TOKEN"];
        RootPassword = env["RT_PASSWORD"];
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    public void SkipIfUnavailable()
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }
    }

    public async Task<JsonNode?> GetAsPersonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url!, "REST/2.0/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("root:" + RootPassword)));
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>The tickets of a queue whose custom field has the value, by TicketSQL.</summary>
    public async Task<IReadOnlyList<JsonNode>> TicketsAsync(string queue, string field, string value)
    {
        var query = Uri.EscapeDataString($"Queue = '{queue}' AND 'CF.{{{field}}}' = '{value}'");
        var result = await GetAsPersonAsync($"tickets?query={query}&orderby=id&order=ASC&per_page=100");
        return [.. result!["items"]!.AsArray().Select(i => i!)];
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
    }
}
