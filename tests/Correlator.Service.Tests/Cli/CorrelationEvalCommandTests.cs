using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

public sealed class CorrelationEvalCommandTests
{
    [Fact]
    public async Task EvalTelecom_BothDataSets_ReductionAndLearntRelationsScored()
    {
        var data = EvalFolder("telecom-alarms");
        if (!Directory.Exists(Path.Combine(data, "24V_439N_Microwave")))
        {
            Assert.Skip($"Telecom alarm data not found at {data}: the evaluation data sets sit in ../shared/eval beside the repository.");
        }

        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "eval", "telecom", "--data", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var figures = JsonDocument.Parse(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        foreach (var set in new[] { "18V", "24V" })
        {
            Assert.InRange(figures.RootElement.GetProperty(set + "_alarm_reduction").GetDouble(), 0.5, 1.0);
            Assert.InRange(figures.RootElement.GetProperty(set + "_f1").GetDouble(), 0.1, 1.0);
            Assert.InRange(figures.RootElement.GetProperty(set + "_precision").GetDouble(), 0.2, 1.0);
            Assert.InRange(figures.RootElement.GetProperty(set + "_thp_f1").GetDouble(), 0.2, 1.0);
            Assert.InRange(figures.RootElement.GetProperty(set + "_thp_precision").GetDouble(), 0.3, 1.0);
            Assert.True(figures.RootElement.TryGetProperty(set + "_all_pairs_f1", out _));
        }

        // The Hawkes learner's untuned defaults on the wireless log: above the published best (THP 0.577).
        Assert.InRange(figures.RootElement.GetProperty("18V_thp_f1").GetDouble(), 0.577, 1.0);
        Assert.Contains("topological Hawkes relations", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalNezha_AllFaults_ScoredWithHeadlineFigures()
    {
        var data = EvalFolder("nezha");
        if (!Directory.Exists(Path.Combine(data, "rca_data")))
        {
            Assert.Skip($"Nezha data not found at {data}: the evaluation data sets sit in ../shared/eval beside the repository.");
        }

        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "eval", "nezha", "--data", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var figures = JsonDocument.Parse(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(56, figures.RootElement.GetProperty("faults").GetInt32());
        Assert.InRange(figures.RootElement.GetProperty("caught_within_3_min").GetDouble(), 0.3, 1.0);
        Assert.True(figures.RootElement.TryGetProperty("root_cause_first", out _));
        Assert.True(figures.RootElement.TryGetProperty("false_incidents_per_day", out _));
        Assert.True(figures.RootElement.GetProperty("front_sli").GetBoolean()); // the defaults since 2026-12-06 (docs/nezha.md)
        Assert.Equal(2, figures.RootElement.GetProperty("min_tail_requests").GetDouble());
        Assert.Contains("frontend", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCorrelation_SmallRun_ReportsRateAndMemory()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "bench", "correlation", "--incidents", "200", "--nodes", "300", "--signals", "20000", "--repeats", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var figures = JsonDocument.Parse(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.True(figures.RootElement.GetProperty("signals_per_second").GetDouble() > 0);
        Assert.True(figures.RootElement.GetProperty("bytes_per_open_incident").GetDouble() > 0);
        Assert.Equal(200, figures.RootElement.GetProperty("open_incidents").GetInt32());
    }

    [Theory]
    [InlineData("eval", "nezha")]
    [InlineData("eval", "nezha", "--data", "no-such-folder")]
    [InlineData("eval", "nezha", "--data", ".", "--threshold", "2")]
    [InlineData("eval", "telecom", "--data", ".", "--colour", "red")]
    [InlineData("eval", "telecom", "--data", ".", "--simultaneous", "maybe")]
    [InlineData("eval", "telecom", "--data", ".", "--hops", "9")]
    [InlineData("bench", "correlation", "--signals", "none")]
    public async Task CorrelationVerbs_BadArguments_ExitTwoNamingTheProblem(params string[] args)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Usage: correlator", result.StandardError, StringComparison.Ordinal);
    }

    private static string EvalFolder(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", name));
    }
}
