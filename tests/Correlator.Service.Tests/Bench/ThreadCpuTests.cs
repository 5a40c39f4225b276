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

    [Fact]
    public void Busiest_TwoSnapshots_GroupsByNameAndSkipsThreadsThatEnded()
    {
        var before = new Dictionary<int, (string Name, TimeSpan Cpu)>
        {
            [1] = ("worker", TimeSpan.FromMilliseconds(10)),
            [2] = ("worker", TimeSpan.FromMilliseconds(10)),
            [3] = ("jit", TimeSpan.FromMilliseconds(5)),
            [4] = ("bench-sender", TimeSpan.Zero),
        };
        var after = new Dictionary<int, (string Name, TimeSpan Cpu)>
        {
            [1] = ("worker", TimeSpan.FromMilliseconds(15)),
            [2] = ("worker", TimeSpan.FromMilliseconds(13)),
            [3] = ("jit", TimeSpan.FromMilliseconds(6)),
            [5] = ("gc", TimeSpan.FromMilliseconds(2)),
        };

        var busiest = ThreadCpu.Busiest(before, after, top: 2);

        Assert.Equal([("worker", 2, TimeSpan.FromMilliseconds(8)), ("gc", 1, TimeSpan.FromMilliseconds(2))], busiest);
    }
}
