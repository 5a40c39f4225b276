using System.Diagnostics;
using System.Globalization;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    /// <summary>Measures, and prints, signal upserts per second in batches of 100; asserts only that all rows arrived.</summary>
    [Fact]
    public async Task CommitAsync_BatchesOf100Signals_ReportsThroughput()
    {
        const int Batches = 300;
        const int BatchSize = 100;
        await OpenAsync();
        var batches = new ChangeSet[Batches];
        for (int b = 0; b < Batches; b++)
        {
            batches[b] = new ChangeSet { Watermark = Some.At(b) };
            batches[b].SetPosition("kafka:alerts/0", b.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < BatchSize; i++)
            {
                // Half new fingerprints, half repeats of earlier ones, as deduplication produces.
                var n = i % 2 == 0 ? (b * BatchSize) + i : i;
                var signal = Some.Alert(name: "Load" + n.ToString(CultureInfo.InvariantCulture), resource: "host-" + (n % 97).ToString(CultureInfo.InvariantCulture), at: b);
                batches[b].Put(new SignalState(signal, Some.At(0), Some.At(b), b + 1, null));
            }
        }

        await CommitAsync(batches[0]);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int b = 1; b < Batches; b++)
        {
            await CommitAsync(batches[b]);
        }

        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var upserts = (Batches - 1) * BatchSize;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{upserts} signal upserts in {Batches - 1} commits of {BatchSize}: {watch.Elapsed.TotalMilliseconds:F0} ms, "
            + $"{upserts / watch.Elapsed.TotalSeconds:F0} signals/s; {cpu.TotalMilliseconds:F0} ms CPU, {upserts / cpu.TotalSeconds:F0} signals per CPU-second "
            + $"(synchronous={_options.Synchronous}, {Environment.ProcessorCount} cores; wall time suffers when the machine is busy)");
        Assert.Equal((Batches * BatchSize / 2) + (BatchSize / 2), await ScalarAsync("SELECT COUNT(*) FROM signals"));
    }
}
