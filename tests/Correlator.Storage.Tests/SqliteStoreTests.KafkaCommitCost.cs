using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    /// <summary>Alerts the Kafka-shape commit harness writes unless <c>CORRELATOR_COMMIT_COST_ALERTS</c> says otherwise.</summary>
    private const int KafkaCostDefaultAlerts = 100_000;

    /// <summary>
    /// The commit path alone at the shape of <c>bench kafka --sink full</c>: change sets of 2,000 new firing alerts
    /// joining 200 open incidents, with the incidents' new links, a position and the watermark. Each change set is
    /// built before its commit, outside the measurement. Prints per window of alerts the process CPU, the commit's
    /// wall time, the log pages written and the fingerprint runs' merge work per alert (never asserts a time); asserts
    /// the rows written and that every episode is filed in the runs. <c>CORRELATOR_COMMIT_COST_ALERTS</c> sets the
    /// alert count (default 100,000; the A/B runs in docs/benchmarks.md use 300,000), <c>CORRELATOR_COMMIT_COST_MULTI_ROW=1</c> or <c>0</c>
    /// sets <see cref="StorageOptions.MultiRowInserts"/>.
    /// </summary>
    [Fact]
    public async Task CommitAsync_KafkaShapeBatchesOf2000NewAlerts_ReportsCostPerAlert()
    {
        const int Services = 200;
        const int BatchSize = 2_000;
        int alerts = int.TryParse(Environment.GetEnvironmentVariable("CORRELATOR_COMMIT_COST_ALERTS"), NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= BatchSize
            ? asked / BatchSize * BatchSize
            : KafkaCostDefaultAlerts;
        int batches = alerts / BatchSize;
        int windowBatches = Math.Max(1, batches / 3);
        // CORRELATOR_COMMIT_COST_MULTI_ROW=1 or 0 sets Storage:MultiRowInserts; unset, the default.
        bool multiRow = Environment.GetEnvironmentVariable("CORRELATOR_COMMIT_COST_MULTI_ROW") switch
        {
            "1" => true,
            "0" => false,
            _ => new StorageOptions().MultiRowInserts,
        };
        var store = _store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = _options.DataDirectory, MultiRowInserts = multiRow }, Ct);
        var incidents = await OpenCostIncidentsAsync(Services, store);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{alerts} new alerts joining {Services} incidents in {batches} commits of {BatchSize}; multi-row inserts {multiRow}; synchronous={_options.Synchronous}; load average before {LoadAverage()}"));
        var runs = store.FingerprintRunsDiagnostics;
        using var process = Process.GetCurrentProcess();
        var totals = new CostWindow();
        var window = new CostWindow();
        for (int b = 0; b < batches; b++)
        {
            var changes = KafkaShapeBatch(incidents, b, BatchSize);
            var (pagesBefore, movedBefore, mergeBefore) = (store.WriteDiagnostics().PagesWritten, runs.Moved, runs.MergeTime);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var (thread, threadCpuBefore) = (Environment.CurrentManagedThreadId, ThreadCpu());
            var started = Stopwatch.GetTimestamp();
            await store.CommitAsync(changes, Ct);
            var wall = Stopwatch.GetElapsedTime(started);
            var threadCpu = ThreadCpu() - threadCpuBefore;
            process.Refresh();

            // The commit runs on the caller's thread unless it waited for the write lock (a checkpoint held it).
            bool sameThread = thread == Environment.CurrentManagedThreadId;
            var step = new CostWindow
            {
                Alerts = BatchSize,
                ThreadAlerts = sameThread ? BatchSize : 0,
                ThreadCpu = sameThread ? threadCpu : TimeSpan.Zero,
                Cpu = process.TotalProcessorTime - cpuBefore,
                Wall = wall,
                Pages = store.WriteDiagnostics().PagesWritten - pagesBefore,
                Moved = runs.Moved - movedBefore,
                Merge = runs.MergeTime - mergeBefore,
            };
            window = window.Add(step);
            totals = totals.Add(step);
            if ((b + 1) % windowBatches == 0 || b + 1 == batches)
            {
                output?.WriteLine($"alerts {(b + 1L) * BatchSize - window.Alerts + 1}-{(b + 1L) * BatchSize}: {window}");
                window = new CostWindow();
            }
        }

        output?.WriteLine($"all {alerts}: {totals}; load average after {LoadAverage()}");
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"alerts":{{alerts}},"multi_row":{{(multiRow ? "true" : "false")}},"commit_thread_cpu_us_per_alert":{{totals.ThreadCpuMicros:F2}},"commit_process_cpu_us_per_alert":{{totals.CpuMicros:F2}},"commit_wall_us_per_alert":{{totals.WallMicros:F2}},"pages_per_alert":{{totals.PagesPerAlert:F3}},"merge_moved_per_alert":{{totals.MovedPerAlert:F2}},"merge_wall_us_per_alert":{{totals.MergeMicros:F2}}}"""));

        Assert.Equal(alerts + Services, await ScalarAsync("SELECT COUNT(*) FROM signals"));
        Assert.Equal(alerts + Services, await ScalarAsync("SELECT COUNT(*) FROM (SELECT DISTINCT fingerprint, first_seen_at FROM signal_fingerprints)"));
        Assert.Equal(alerts, await ScalarAsync($"SELECT COUNT(*) FROM incident_links WHERE seq > 0"));
    }

    /// <summary>
    /// Change set <paramref name="b"/> of the Kafka shape: new alerts spread over the open incidents in turn, each first seen a
    /// millisecond after the one before, as <c>bench kafka</c>'s payloads start (so a batch's keys of (first_seen_at,
    /// fingerprint) arrive in order; with one time per batch they arrived in random order within it).
    /// </summary>
    private static ChangeSet KafkaShapeBatch(Incident[] incidents, int b, int batchSize)
    {
        var changes = new ChangeSet { Watermark = Some.At(b + 1), LastIncidentId = incidents.Length };
        changes.SetPosition("kafka", b.ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < batchSize; i++)
        {
            int n = (b * batchSize) + i;
            int service = n % incidents.Length;
            var signal = CostAlert(service, n, b + 1);
            var before = incidents[service];
            incidents[service] = before.Attach(signal, "group service=" + signal.Service, Some.At(b + 1));
            changes.Put(incidents[service], before);
            // As the bench's payloads: each alert starts a millisecond after the one before.
            var at = Some.At(1).AddMilliseconds(n);
            changes.Put(new SignalState(signal with { EventTime = at, StartsAt = at }, at, at, 1, service + 1));
        }

        return changes;
    }

    /// <summary>CPU time of the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID); zero elsewhere.</summary>
    private static TimeSpan ThreadCpu()
    {
        const int ThreadCpuClock = 3;
        return OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var time) == 0
            ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
            : TimeSpan.Zero;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>What a run of commits cost, summed; the thread CPU only over the commits that ran on the caller's thread.</summary>
    private readonly record struct CostWindow(long Alerts, long ThreadAlerts, TimeSpan ThreadCpu, TimeSpan Cpu, TimeSpan Wall, long Pages, long Moved, TimeSpan Merge)
    {
        public double ThreadCpuMicros => ThreadAlerts == 0 ? double.NaN : ThreadCpu.TotalMicroseconds / ThreadAlerts;

        public double CpuMicros => Cpu.TotalMicroseconds / Alerts;

        public double WallMicros => Wall.TotalMicroseconds / Alerts;

        public double PagesPerAlert => (double)Pages / Alerts;

        public double MovedPerAlert => (double)Moved / Alerts;

        public double MergeMicros => Merge.TotalMicroseconds / Alerts;

        public CostWindow Add(CostWindow other) =>
            new(Alerts + other.Alerts, ThreadAlerts + other.ThreadAlerts, ThreadCpu + other.ThreadCpu, Cpu + other.Cpu, Wall + other.Wall, Pages + other.Pages, Moved + other.Moved, Merge + other.Merge);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"commit thread CPU {ThreadCpuMicros:F2} µs/alert ({ThreadAlerts} alerts), process CPU {CpuMicros:F2} µs/alert, commit wall {WallMicros:F2} µs/alert, pages {PagesPerAlert:F3}/alert, merge moved {MovedPerAlert:F2}/alert in {MergeMicros:F2} µs/alert");
    }
}
