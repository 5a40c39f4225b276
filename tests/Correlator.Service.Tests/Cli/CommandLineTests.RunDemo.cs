using System.Diagnostics;
using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

/// <summary><c>correlator run --demo</c>: the bundled storm replayed once per data folder.</summary>
public sealed partial class CommandLineTests
{
    private const string DemoReplayedLog = "Demo stream replayed:";
    private const string DemoAlreadyReplayedLog = "Demo stream already replayed into this data folder";
    private static readonly TimeSpan DemoWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunDemo_NewDataFolder_ServesIncidentsInSeveralStatesWithCheckoutAtP1()
    {
        using var temp = new TempDirectory("cli");
        var port = FreePort.Next();
        await using var service = CorrelatorProcess.Start(temp.Path, "run", "--demo", "--data", "data", "--urls", $"http://127.0.0.1:{port}");

        // The demo ends "now": its resolutions happen as the last events arrive or on the next clock tick.
        var page = await PollIncidentsAsync(service, port, p => Total(p) >= 4 && States(p).Contains("resolved"));

        Assert.Equal(4, Total(page));
        Assert.Contains("new", States(page));
        Assert.Contains("resolved", States(page));
        var checkout = Assert.Single(Items(page), i => i.TryGetProperty("service", out var service) && service.GetString() == "checkout");
        Assert.Equal("P1", checkout.GetProperty("priority").GetString());
        Assert.Equal("new", checkout.GetProperty("state").GetString());
        Assert.Contains(DemoReplayedLog, service.StandardOutput, StringComparison.Ordinal);

        // First start of a new data folder: an administrator exists and the log says how to sign in.
        var passwordFile = Path.Combine(temp.Path, "data", "initial-admin-password.txt");
        Assert.True(File.Exists(passwordFile), "the first start must write the admin's password beside the store");
        var password = File.ReadAllText(passwordFile).Trim();
        Assert.Contains($"sign in at http://127.0.0.1:{port}/signin as 'admin' with the password {password}", service.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDemo_DataFolderAlreadyHoldsTheDemo_DoesNotReplayItAgain()
    {
        using var temp = new TempDirectory("cli");
        int before;
        var firstPort = FreePort.Next();
        await using (var first = CorrelatorProcess.Start(temp.Path, "run", "--demo", "--data", "data", "--urls", $"http://127.0.0.1:{firstPort}"))
        {
            var firstPage = await PollIncidentsAsync(first, firstPort, p => Total(p) >= 4 && first.StandardOutput.Contains(DemoReplayedLog, StringComparison.Ordinal));
            before = Total(firstPage);
            await first.KillAsync();
        }

        var port = FreePort.Next();
        await using var second = CorrelatorProcess.Start(temp.Path, "run", "--demo", "--data", "data", "--urls", $"http://127.0.0.1:{port}");
        var page = await PollIncidentsAsync(second, port, _ =>
            second.StandardOutput.Contains(DemoAlreadyReplayedLog, StringComparison.Ordinal)
            || second.StandardOutput.Contains(DemoReplayedLog, StringComparison.Ordinal));

        Assert.Equal(4, before);
        Assert.Equal(before, Total(page));
        Assert.Contains(DemoAlreadyReplayedLog, second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoReplayedLog, second.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Polls GET /api/incidents until <paramref name="done"/> holds, the process dies, or <see cref="DemoWait"/> passes.</summary>
    private static async Task<JsonElement> PollIncidentsAsync(CorrelatorProcess service, int port, Func<JsonElement, bool> done)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CorrelatorProcess.ViewerKey);
        var watch = Stopwatch.StartNew();
        JsonElement? last = null;
        while (watch.Elapsed < DemoWait)
        {
            Assert.False(service.HasExited, $"correlator exited before the test was done with it.{Environment.NewLine}{service.Describe()}");
            try
            {
                using var response = await client.GetAsync("/api/incidents", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    last = JsonDocument.Parse(body).RootElement.Clone();
                    if (done(last.Value))
                    {
                        return last.Value;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // A request timed out while the service started.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"/api/incidents did not reach the expected state within {DemoWait.TotalSeconds} s; last answer: {last?.ToString() ?? "none"}{Environment.NewLine}{service.Describe()}");
        return default;
    }

    private static int Total(JsonElement page) => page.GetProperty("total").GetInt32();

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static List<string?> States(JsonElement page) => [.. Items(page).Select(i => i.GetProperty("state").GetString())];
}
