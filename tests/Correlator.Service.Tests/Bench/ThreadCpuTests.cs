using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>Per-thread CPU for <c>bench ingest</c>'s split between senders and server.</summary>
public sealed class ThreadCpuTests
{
    [Fact]
    public void Parse_SchedstatLine_ReadsNanosecondsOnCpu()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(51.7767), ThreadCpu.Parse("51776700 75154963 19\n"));
        Assert.Null(ThreadCpu.Parse("n/a"));
    }

    [Fact]
    public void Current_BusyThread_CountsWellUnderATick()
    {
        var before = ThreadCpu.Current();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long spins = 0;
        while (watch.Elapsed < TimeSpan.FromMilliseconds(3))
        {
            spins++;
        }

        Assert.True(ThreadCpu.Current() - before > TimeSpan.Zero, $"no CPU counted after {spins} spins");
    }
}
