using Correlator.Kafka;
using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>
/// <c>bench kafka</c>'s allocation figures: the whole-process counter (<c>GC.GetTotalAllocatedBytes</c>) can go
/// backwards under server GC, so a total smaller than the per-thread parts it contains is reported as unavailable
/// (text "n/a", JSON null) instead of a negative or too small figure.
/// </summary>
public sealed class KafkaBenchReportTests
{
    [Theory]
    [InlineData(5_000_000L, "\"allocated_bytes_per_alert\":5000,", "\"allocated_bytes_per_alert_without_producer\":3000,")]
    [InlineData(-201_000L, "\"allocated_bytes_per_alert\":null,", "\"allocated_bytes_per_alert_without_producer\":null,")]
    [InlineData(2_500_000L, "\"allocated_bytes_per_alert\":null,", "\"allocated_bytes_per_alert_without_producer\":null,")]
    public async Task Summary_WholeProcessBelowItsParts_IsNotShown(long wholeProcess, string expectedTotal, string expectedWithoutProducer)
    {
        Assert.True(KafkaBenchRun.TryParse(["--messages", "1000"], out var run, out var error), error);
        var timings = new KafkaIngestorTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero)
        {
            AllocatedBytes = 1_000_000,
        };
        var result = new KafkaBenchResult(2, 0.1, 1000, KafkaConsumerState.Running, false, 1, 893_000, 1000, 0, timings, 0, 0, 2, 1.5)
        {
            AllocatedBytes = wholeProcess,
            ProducerAllocatedBytes = 2_000_000,
        };
        using var text = new StringWriter();

        await KafkaBenchReport.WriteSummaryAsync(text, run, [result], (100_000, 900));

        var json = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains(expectedTotal, json, StringComparison.Ordinal);
        Assert.Contains(expectedWithoutProducer, json, StringComparison.Ordinal);
        Assert.Contains("\"consumer_thread_allocated_bytes_per_alert\":1000,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 10)]
    [InlineData(new[] { "--fetch-wait-ms", "500" }, 500)]
    public async Task Summary_NamesTheConsumersFetchWait(string[] extra, int expected)
    {
        Assert.True(KafkaBenchRun.TryParse(["--messages", "1000", .. extra], fetchWaitVariable: null, out var run, out var error), error);
        var timings = new KafkaIngestorTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var result = new KafkaBenchResult(2, 0.1, 1000, KafkaConsumerState.Running, false, 1, 893_000, 1000, 0, timings, 0, 0, 2, 1.5);
        using var text = new StringWriter();

        await KafkaBenchReport.WriteSummaryAsync(text, run, [result], (100_000, 900));

        Assert.Equal(expected, run.FetchWaitMs);
        var json = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains($"\"fetch_wait_ms\":{expected},", json, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_FetchWaitVariable_IsTheValueInForce()
    {
        Assert.True(KafkaBenchRun.TryParse(["--fetch-wait-ms", "20"], "250", out var run, out var error), error);
        Assert.Equal(250, run.FetchWaitMs);

        Assert.False(KafkaBenchRun.TryParse([], "soon", out _, out error));
        Assert.Contains(KafkaBenchRun.FetchWaitVariable, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("300000", 300_000)]
    public void TryParse_FetchWaitWithinLibrdkafkasRange_IsTakenByTheOptionAndTheVariableAlike(string value, int expected)
    {
        Assert.True(KafkaBenchRun.TryParse(["--fetch-wait-ms", value], fetchWaitVariable: null, out var run, out var error), error);
        Assert.Equal(expected, run.FetchWaitMs);
        Assert.True(KafkaBenchRun.TryParse([], value, out run, out error), error);
        Assert.Equal(expected, run.FetchWaitMs);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("300001")]
    [InlineData("soon")]
    public void TryParse_FetchWaitOutOfRange_IsRefusedByTheOptionAndTheVariableAlike_NamingWhichAndTheRange(string value)
    {
        Assert.False(KafkaBenchRun.TryParse(["--fetch-wait-ms", value], fetchWaitVariable: null, out _, out var error));
        Assert.StartsWith("--fetch-wait-ms must be a whole number of milliseconds from 0 to 300000", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
        Assert.False(KafkaBenchRun.TryParse([], value, out _, out error));
        Assert.StartsWith(KafkaBenchRun.FetchWaitVariable + " must be a whole number of milliseconds from 0 to 300000", error, StringComparison.Ordinal);
    }
}
