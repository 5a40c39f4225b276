using System.Text.Json;
using Correlator.Service.Tests.Browser;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

/// <summary>
/// <c>correlator bench ui</c> end to end on a small store: it seeds, serves, drives Chromium and ends with its
/// JSON line. The figures themselves are the bench's business (docs/benchmarks.md), not asserted here.
/// </summary>
public sealed class BenchUiCommandTests
{
    [Fact]
    public async Task BenchUi_SmallStore_PrintsEachPageAndEndsWithTheFigures()
    {
        BrowserFixture.SkipWithoutChromium();
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "bench", "ui", "--incidents", "120", "--signals", "75", "--runs", "2", "--warmup", "1", "--screenshots", "shots");

        // Exit 1 only says the goal was missed on a loaded machine; anything else is a failure of the verb.
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        Assert.Contains("/incidents/120: first contentful paint", result.StandardOutput, StringComparison.Ordinal);
        var last = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using var figures = JsonDocument.Parse(last);
        foreach (var name in new[] { "incident_list_fcp_p50_ms", "incident_list_fcp_p95_ms", "incident_detail_fcp_p50_ms", "incident_detail_fcp_p95_ms" })
        {
            Assert.True(figures.RootElement.GetProperty(name).GetDouble() > 0, $"{name} in {last}");
        }

        Assert.Equal(result.ExitCode == 0, figures.RootElement.GetProperty("goal_met").GetBoolean());
        Assert.True(File.Exists(temp.Combine("shots/bench-ui-incident_detail.png")));
    }

    [Theory]
    [InlineData("--incidents", "0")]
    [InlineData("--runs", "many")]
    [InlineData("--colour", "blue")]
    public async Task BenchUi_BadArguments_ExitsTwoNamingTheOption(string option, string value)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "bench", "ui", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.StandardError, StringComparison.Ordinal);
    }
}
