using System.Globalization;
using System.Runtime;

/// <summary>
/// Loaded by the runtime before Main when named in <c>DOTNET_STARTUP_HOOKS</c>: at process exit, writes one JSON line
/// to stderr with the collections per generation, the total pause and the GC mode, so a benchmark's GC cost can be
/// compared between runtime settings without touching the program measured.
/// </summary>
internal static class StartupHook
{
    /// <summary>The runtime's entry point for a startup hook.</summary>
    public static void Initialize()
    {
        // GC_STATS_EVENTS=1 adds the split of collections and suspended time by generation, reason and type.
        var tally = Environment.GetEnvironmentVariable("GC_STATS_EVENTS") == "1" ? new GcEventTally() : null;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Report(tally);
    }

    private static void Report(GcEventTally? tally)
    {
        Console.Error.Write(tally?.Summary());
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"gc_stats\":1,\"server\":{(GCSettings.IsServerGC ? "true" : "false")},\"latency_mode\":\"{GCSettings.LatencyMode}\",\"gen0\":{GC.CollectionCount(0)},\"gen1\":{GC.CollectionCount(1)},\"gen2\":{GC.CollectionCount(2)},\"pause_ms\":{GC.GetTotalPauseDuration().TotalMilliseconds:F0},\"allocated_mb\":{GC.GetTotalAllocatedBytes() / 1048576.0:F0},\"committed_mb\":{info.TotalCommittedBytes / 1048576.0:F0},\"heap_mb\":{info.HeapSizeBytes / 1048576.0:F0}}}"));
    }
}
