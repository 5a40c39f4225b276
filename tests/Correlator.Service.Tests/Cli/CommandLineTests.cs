using System.Text.RegularExpressions;
using Correlator.Service.Cli;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

/// <summary>The verbs of the real executable, started as a child process the way a user types them.</summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public async Task Version_NoOptions_PrintsNameAndVersionAndExitsZero()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"correlator {CommandLine.Version}", result.StandardOutput.TrimEnd());
        Assert.Matches(@"^correlator \d+\.\d+\.\d+", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task Help_NoOptions_PrintsUsageWithEveryVerbAndExitsZero()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Usage: correlator", result.StandardOutput, StringComparison.Ordinal);
        foreach (var verb in (string[])["run", "replay", "bench", "version", "help"])
        {
            Assert.Matches(new Regex($@"^ {{2}}{verb}\b", RegexOptions.Multiline), result.StandardOutput);
        }

        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task UnknownVerb_Frobnicate_NamesItOnStandardErrorAndExitsTwo()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unknown verb 'frobnicate'.", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage: correlator", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task Run_EmptyGroupByField_ExitsThreeNamingTheKey()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(
            temp.Path, "run", "--data", "data", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--Correlation:GroupBy:0=");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Configuration error", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Correlation:GroupBy", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidWindow_ExitsThreeNamingTheKey()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(
            temp.Path, "run", "--data", "data", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--Correlation:Window=-00:01:00");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Correlation:Window must not be negative", result.StandardError, StringComparison.Ordinal);
    }
}
