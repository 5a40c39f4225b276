using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary><c>bench ingest</c>'s options: the latency probe's pause between two reads of an alert's incident, and the ceiling targets.</summary>
public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_NoPollOption_ReadsAgainAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, BenchOptions.Parse([]).LatencyPollInterval);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("5", 5)]
    public void Parse_PollMilliseconds_SetsThePause(string value, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), BenchOptions.Parse(["--latency-poll-ms", value]).LatencyPollInterval);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    public void Parse_BadPollMilliseconds_NamesTheOption(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--latency-poll-ms", value]));
        Assert.Contains("--latency-poll-ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--ceiling", "on" }, true)]
    [InlineData(new[] { "--ceiling", "off" }, false)]
    public void Parse_Ceiling_OnByDefault(string[] args, bool expected)
    {
        Assert.Equal(expected, BenchOptions.Parse(args).Ceiling);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    public void Parse_BadCeiling_NamesTheOption(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--ceiling", value]));
        Assert.Contains("--ceiling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Sender_HttpClientByDefaultAndRawOnRequest()
    {
        Assert.Equal(IngestSender.HttpClient, BenchOptions.Parse([]).Sender);
        Assert.Equal(IngestSender.HttpClient, BenchOptions.Parse(["--sender", "httpclient"]).Sender);
        Assert.Equal(IngestSender.Raw, BenchOptions.Parse(["--sender", "raw"]).Sender);
    }

    [Fact]
    public void Parse_BadSender_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--sender", "curl"]));
        Assert.Contains("--sender", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoLatencyOptions_NoWarmUpAndTraced()
    {
        var options = BenchOptions.Parse([]);

        Assert.Equal(TimeSpan.Zero, options.LatencyWarmup);
        Assert.True(options.LatencyTrace);
    }

    [Fact]
    public void Parse_WarmUpAndTraceOff_AreSet()
    {
        var options = BenchOptions.Parse(["--latency-warmup-seconds", "5", "--latency-trace", "off"]);

        Assert.Equal(TimeSpan.FromSeconds(5), options.LatencyWarmup);
        Assert.False(options.LatencyTrace);
    }

    [Theory]
    [InlineData("--latency-warmup-seconds", "-1")]
    [InlineData("--latency-trace", "maybe")]
    public void Parse_BadLatencyOption_NamesIt(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse([option, value]));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }
}
