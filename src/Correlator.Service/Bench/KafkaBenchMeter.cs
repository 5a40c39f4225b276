using System.Diagnostics;

namespace Correlator.Service.Bench;

/// <summary>Wall time, process CPU time and managed bytes allocated (all threads) over one <c>bench kafka</c> stream.</summary>
internal sealed class KafkaBenchMeter
{
    private readonly TimeSpan _cpuBefore;
    private readonly long _allocatedBefore;

    private KafkaBenchMeter()
    {
        using var process = Process.GetCurrentProcess();
        _cpuBefore = process.TotalProcessorTime;
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        Watch = Stopwatch.StartNew();
    }

    public Stopwatch Watch { get; }

    public static KafkaBenchMeter Start() => new();

    public (double Seconds, double CpuSeconds, long AllocatedBytes) Stop()
    {
        double seconds = Watch.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        using var process = Process.GetCurrentProcess();
        return (seconds, (process.TotalProcessorTime - _cpuBefore).TotalSeconds, allocated);
    }
}
