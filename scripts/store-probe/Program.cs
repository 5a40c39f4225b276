using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Correlator.Storage;

// usage: store-probe <data-directory> <fingerprint> [incident id, default 7]
// Opens the store (timing its migrations and merges), then, twice: reads one incident three ways, filters by fingerprint,
// and times the other reads that resolve its links to signal states (pages at 900 and at the end, chosen fingerprints, density, its cluster).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: store-probe <data-directory> <fingerprint> [incident-id]");
    return 2;
}

var id = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 7;
var ct = CancellationToken.None;
var clock = Stopwatch.StartNew();
await using var store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = args[0] }, ct);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open {clock.Elapsed.TotalSeconds:F2} s"));
for (int round = 1; round <= 2; round++)
{
    var line = new List<string>();
    var detail = await Timed(line, "detail", () => store.GetIncidentAsync(id, ct), d => $"{d?.Signals.Count ?? 0} signals");
    var outline = await Timed(line, "outline", () => store.GetIncidentOutlineAsync(id, ct), o => $"{o?.SignalCount ?? 0}");
    await Timed(line, "first page of 50", () => store.ListIncidentSignalsAsync(id, 0, 50, ct), p => $"{p.Count}");
    await Timed(line, "?fingerprint=", () => store.ListIncidentsAsync(new IncidentQuery { Fingerprint = args[1] }, ct), p => $"{p.Items.Count} incidents");
    Console.WriteLine($"round {round}: {string.Join(", ", line)}");

    // The other reads that resolve links to signal states: deeper pages, chosen fingerprints, the density chart, clusters.
    line.Clear();
    var count = outline?.SignalCount ?? 0;
    var fingerprints = detail?.Signals.Select(s => s.Fingerprint).ToArray() ?? [];
    await Timed(line, "page of 50 at 900", () => store.ListIncidentSignalsAsync(id, Math.Min(900, Math.Max(0, count - 50)), 50, ct), p => $"{p.Count}");
    await Timed(line, "last page of 50", () => store.ListIncidentSignalsAsync(id, Math.Max(0, count - 50), 50, ct), p => $"{p.Count}");
    await Timed(line, "10 chosen", () => store.ListIncidentSignalsAsync(id, fingerprints.Take(10).ToArray(), ct), p => $"{p.Count}");
    await Timed(line, "all chosen", () => store.ListIncidentSignalsAsync(id, fingerprints, ct), p => $"{p.Count}");
    var (from, to) = (outline?.FirstStart ?? DateTimeOffset.UnixEpoch, outline?.LastEnd ?? DateTimeOffset.UnixEpoch);
    await Timed(line, "density", () => store.GetSignalDensityAsync(id, from, to, 60, 8, ct), d => $"{d.Groups.Sum(g => g.Count)}");
    var opened = detail?.Incident.OpenedAt ?? DateTimeOffset.UnixEpoch;
    await Timed(line, "clusters", () => store.ListIncidentClustersAsync(opened, opened.AddSeconds(1), 1, ct), c => $"{c.Sum(i => i.Signals.Count)} signals");
    Console.WriteLine($"round {round}: {string.Join(", ", line)}");
}

return 0;

// Wall time and the process's CPU time of one read (CPU: less sensitive to the other processes on a shared machine).
static async Task<T> Timed<T>(List<string> line, string name, Func<Task<T>> read, Func<T, string> size)
{
    var cpu = ProcessCpu.Milliseconds();
    var wall = Stopwatch.StartNew();
    var result = await read();
    var elapsed = wall.Elapsed.TotalMilliseconds;
    line.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {elapsed:F1} ms / {ProcessCpu.Milliseconds() - cpu:F1} ms CPU ({size(result)})"));
    return result;
}

/// <summary>The process's CPU time from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>: nanoseconds, where /proc ticks are 10 ms.</summary>
internal static class ProcessCpu
{
    public static double Milliseconds()
    {
        _ = NativeMethods.ClockGetTime(2, out var time);
        return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ClockGetTime(int clock, out TimeSpec time);
    }
}
