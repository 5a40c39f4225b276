using System.Text.Json;
using System.Text.Json.Nodes;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

/// <summary><c>correlator replay FILE</c> run as a child process, its store then read through the real service.</summary>
public sealed class ReplayCommandTests
{
    private const string StormFile = "storm.ndjson";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Titles of the incidents the storm opens: one per service (the default grouping).</summary>
    private static readonly string[] StormIncidents =
        ["HighLatency on checkout", "DiskFull on search", "Slow queries on billing", "Build broken on ci"];

    [Fact]
    public async Task Replay_MixedFormatsWithOneInvalidLine_ReportsCountsAndStoresIncidents()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal($"Replayed {file}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("lines 6, signals 5, rejected lines 1,", StringComparison.Ordinal));
        var rejected = Assert.Single(lines, l => l.StartsWith("rejected line", StringComparison.Ordinal));
        Assert.StartsWith("rejected line 5: ", rejected, StringComparison.Ordinal);
        Assert.Contains("alertname", rejected, StringComparison.Ordinal);
        Assert.Contains("incidents opened 4, resolved 0, reopened 0, closed 0", lines);
        Assert.Contains("Latest incidents (4 in the store):", lines);
        foreach (var title in StormIncidents)
        {
            Assert.Contains(lines, l => l.EndsWith(title, StringComparison.Ordinal));
        }

        var summary = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(["lines", "signals", "rejected", "signals_per_s", "incidents_opened"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(6, summary.GetProperty("lines").GetInt64());
        Assert.Equal(5, summary.GetProperty("signals").GetInt64());
        Assert.Equal(1, summary.GetProperty("rejected").GetInt64());
        Assert.True(summary.GetProperty("signals_per_s").GetDouble() > 0, lines[^1]);
        Assert.Equal(4, summary.GetProperty("incidents_opened").GetInt64());

        var (total, titles) = await ReadStoreAsync(temp.Combine("data"));
        Assert.Equal(4, total);
        Assert.Equal(StormIncidents.Order(), titles.Order());
    }

    [Fact]
    public async Task Replay_SameFileAgain_ResumesAfterLastLineAndAddsNothing()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);
        var first = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data");
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains(again.OutputLines, l => l.StartsWith("resumed after line 6 ", StringComparison.Ordinal));
        Assert.Contains("Latest incidents (4 in the store):", again.OutputLines);
        var summary = JsonDocument.Parse(again.OutputLines[^1]).RootElement;
        Assert.Equal(0, summary.GetProperty("lines").GetInt64());
        Assert.Equal(0, summary.GetProperty("signals").GetInt64());
        Assert.Equal(0, summary.GetProperty("incidents_opened").GetInt64());
        Assert.Equal(4, (await ReadStoreAsync(temp.Combine("data"))).Total);
    }

    [Fact]
    public async Task Replay_FromStartAfterAFullReplay_RereadsEverySignalButOpensNoIncident()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);
        var first = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data");
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data", "--from-start");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain(again.OutputLines, l => l.StartsWith("resumed", StringComparison.Ordinal));
        var summary = JsonDocument.Parse(again.OutputLines[^1]).RootElement;
        Assert.Equal(6, summary.GetProperty("lines").GetInt64());
        Assert.Equal(5, summary.GetProperty("signals").GetInt64());
        Assert.Equal(1, summary.GetProperty("rejected").GetInt64());
        Assert.Equal(0, summary.GetProperty("incidents_opened").GetInt64());
        var (total, titles) = await ReadStoreAsync(temp.Combine("data"));
        Assert.Equal(4, total);
        Assert.Equal(StormIncidents.Order(), titles.Order());
    }

    [Fact]
    public async Task Replay_MissingFile_ExitsTwoNamingThePathAndCreatesNoStore()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", "missing.ndjson", "--data", "data");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("No such file: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(Path.DirectorySeparatorChar + "missing.ndjson", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("data")), "a refused replay should not create a store");
    }

    [Theory]
    [InlineData("--bogus", "Unknown option --bogus.")]
    [InlineData("--data", "--data needs a value.")]
    public async Task Replay_BadOption_ExitsTwoNamingItAndCreatesNoStore(string option, string expected)
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, option);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("data")), "a refused replay should not create a store");
    }

    [Fact]
    public async Task Replay_OptionsBeforeFile_ReplaysTheFile()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", "--data", "data", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("lines 6, signals 5, rejected lines 1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ConfigurationError_CreatesNoStore()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data", "--Correlation:Window=-00:01:00");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Correlation:Window", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("data/correlator.db")), "a configuration error should not create a store");
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "--data", "data")]
    public async Task Replay_NoFile_ExitsTwoWithTheUsageOfReplay(params string[] arguments)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("replay needs a FILE", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task Replay_QueueCapacityZero_ExitsThreeNamingTheKey()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data", "--Pipeline:QueueCapacity=0");

        Assert.True(result.ExitCode == 3, result.ToString());
        var error = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Configuration error", StringComparison.Ordinal));
        Assert.Contains("QueueCapacity", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Replayed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_QueueCapacityZero_NamesTheFullConfigurationKey()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data", "--Pipeline:QueueCapacity=0");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Pipeline:QueueCapacity", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_QueueCapacityZero_PrintsNoStackTrace()
    {
        using var temp = new TempDirectory("cli");
        var file = WriteStorm(temp);

        var result = await CorrelatorProcess.RunAsync(temp.Path, "replay", file, "--data", "data", "--Pipeline:QueueCapacity=0");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Six lines: two Alertmanager webhooks, a generic event, a CloudEvent, a webhook whose alert lacks
    /// its alertname (line 5), and a second checkout alert that joins the checkout incident.
    /// </summary>
    private static string WriteStorm(TempDirectory temp)
    {
        var invalid = JsonNode.Parse(Payloads.Alertmanager(("Broken", "checkout", "checkout-9:8080", T0.AddMinutes(4), null, "critical")))!;
        invalid["alerts"]![0]!["labels"]!.AsObject().Remove("alertname");
        string[] lines =
        [
            Payloads.Alertmanager(("HighLatency", "checkout", "checkout-1:8080", T0, null, "critical")),
            Payloads.Alertmanager(("DiskFull", "search", "search-1:9100", T0.AddMinutes(1), null, "warning")),
            $$"""{"source":"zabbix","name":"Slow queries","time":"{{Payloads.Time(T0.AddMinutes(2))}}","service":"billing"}""",
            $$$"""{"specversion":"1.0","id":"build-17","source":"/ci/builds","type":"com.example.build.failed","time":"{{{Payloads.Time(T0.AddMinutes(3))}}}","data":{"name":"Build broken","service":"ci"}}""",
            invalid.ToJsonString(),
            Payloads.Alertmanager(("HighLatency", "checkout", "checkout-2:8080", T0.AddMinutes(5), null, "critical")),
        ];
        var path = temp.Combine(StormFile);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The incidents the real service serves from <paramref name="dataDirectory"/>.</summary>
    private static async Task<(int Total, List<string> Titles)> ReadStoreAsync(string dataDirectory)
    {
        await using var host = await ServiceHost.StartOnAsync(dataDirectory);
        var page = await host.GetJsonAsync("/api/incidents");
        var titles = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString() ?? string.Empty).ToList();
        return (page.GetProperty("total").GetInt32(), titles);
    }
}
