using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task EvalNab_PublishedRounding_ReproducesWindowedGaussianScoresAndWritesResults()
    {
        var nab = NabFolder();
        if (!Directory.Exists(Path.Combine(nab, "data")))
        {
            Assert.Skip($"NAB data not found at {nab}: the evaluation data sets sit in ../shared/eval beside the repository.");
        }

        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "eval", "nab", "--data", nab, "--detector", "windowedGaussian", "--out", "results", "--round-digits", "12");

        Assert.True(result.ExitCode == 0, result.ToString());
        var last = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using var figures = JsonDocument.Parse(last);
        Assert.Equal("windowedGaussian", figures.RootElement.GetProperty("detector").GetString());
        Assert.Equal(39.6, figures.RootElement.GetProperty("nab_standard").GetDouble(), 0.15);
        Assert.Equal(20.9, figures.RootElement.GetProperty("nab_reward_low_FP_rate").GetDouble(), 0.15);
        Assert.Equal(47.4, figures.RootElement.GetProperty("nab_reward_low_FN_rate").GetDouble(), 0.15);
        var taxi = File.ReadAllLines(temp.Combine("results/realKnownCause/nyc_taxi.csv"));
        Assert.Equal("timestamp,value,anomaly_score,label", taxi[0]);
        Assert.Equal(File.ReadAllLines(Path.Combine(nab, "data/realKnownCause/nyc_taxi.csv")).Length, taxi.Length);
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("eval", "nab")]
    [InlineData("eval", "nab", "--data", "no-such-folder")]
    [InlineData("eval", "nab", "--data", ".", "--round-digits", "zero")]
    [InlineData("eval", "nab", "--data", ".", "--detector", "crystalBall")]
    public async Task Eval_BadArguments_ExitsTwoWithUsage(params string[] args)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("correlator eval nab", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alarm-budget-window must be a whole number", "--alarm-budget-window", "-1")]
    [InlineData("--alarm-budget-step must be a finite number", "--alarm-budget-step", "many")]
    [InlineData("--seen-range-window must be a whole number", "--seen-range-window", "-5")]
    [InlineData("apply to the correlator detector only, not 'iidSpike'", "--detector", "iidSpike", "--art-member")]
    [InlineData("apply to the correlator detector only, not 'iidSpike'", "--detector", "iidSpike", "--seen-range-window", "0")]
    [InlineData("--seasonal-alarm must be a finite number", "--seasonal-alarm", "-1")]
    [InlineData("apply to the correlator detector only, not 'iidSpike'", "--detector", "iidSpike", "--seasonal-alarm", "0")]
    [InlineData("apply to the correlator detector only, not 'iidSpike'", "--detector", "iidSpike", "--no-art-member")]
    [InlineData("--art-networks must be a whole number", "--art-networks", "many")]
    [InlineData("Votes must be from 1 to Networks (5), not 9", "--art-votes", "9")]
    public async Task EvalNab_BadDetectorOptions_ExitTwoSayingWhy(string why, params string[] options)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, ["eval", "nab", "--data", ".", .. options]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(why, result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "asd")]
    [InlineData("eval", "asd", "--data", "no-such-folder")]
    [InlineData("eval", "asd", "--data", ".", "--rank", "0")]
    [InlineData("eval", "asd", "--data", ".", "--quantile", "1.5")]
    [InlineData("eval", "asd", "--data", ".", "--shuffle")]
    public async Task EvalAsd_BadArguments_ExitsTwoWithUsage(params string[] args)
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("correlator eval asd", result.StandardError, StringComparison.Ordinal);
    }

    private static string NabFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "nab"));
    }
}
